"""Formatters of validation reports, one module each (imported by the output format asked for).

* :mod:`~sfndeploy.validate.formatters.text` - ``format_text``, one line per diagnostic;
* :mod:`~sfndeploy.validate.formatters.json_format` - ``format_json``;
* :mod:`~sfndeploy.validate.formatters.junit` - ``format_junit``;
* :mod:`~sfndeploy.validate.formatters.sarif` - ``format_sarif`` (SARIF 2.1.0).
"""
