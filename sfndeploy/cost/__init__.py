"""What a workflow costs a month on AWS Step Functions, as Standard and as Express, from its dry-run test cases.

``usage`` counts what one dry run bills (state transitions, Express duration and memory),
``prices`` reads the price file shipped in the package (``sfndeploy/data/prices.json``),
``estimate`` turns usage and prices into monthly figures, ``formatting`` shows them.
Nothing here reaches AWS.
"""
