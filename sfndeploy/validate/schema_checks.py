"""The compiled state checks of sfndeploy/schemas/asl.json (generated: do not edit).

Written by scripts/update_schema_checks.py with fastjsonschema's code generator, so a process does
not spend the time of generating and compiling them; a test checks that this file is current.
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off

VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^\\{%[\\s\\S]*%\\}$': re.compile('^\\{%[\\s\\S]*%\\}\\Z')
}

NoneType = type(None)

def validate(data, custom_formats={}, name_prefix=None):
    data_any_of_count1 = 0
    if not data_any_of_count1:
        try:
            validate____defs_passjsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_passjsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_taskjsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_taskjsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_choicejsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_choicejsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_waitjsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_waitjsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_succeedjsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_succeedjsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_failjsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_failjsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_paralleljsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_paralleljsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_mapjsonpath(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            validate____defs_mapjsonata(data, custom_formats, (name_prefix or "data") + "")
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " cannot be validated by any definition")
    return data

def validate____defs_mapjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if "Retry" in data_keys:
            data_keys.remove("Retry")
            data__Retry = data["Retry"]
            if not isinstance(data__Retry, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Retry must be array")
            data__Retry_is_list = isinstance(data__Retry, (list, tuple))
            if data__Retry_is_list:
                data__Retry_len = len(data__Retry)
                for data__Retry_x, data__Retry_item in enumerate(data__Retry):
                    validate____defs_retrier(data__Retry_item, custom_formats, (name_prefix or "data") + ".Retry[{data__Retry_x}]".format(**locals()))
        if "Catch" in data_keys:
            data_keys.remove("Catch")
            data__Catch = data["Catch"]
            if not isinstance(data__Catch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Catch must be array")
            data__Catch_is_list = isinstance(data__Catch, (list, tuple))
            if data__Catch_is_list:
                data__Catch_len = len(data__Catch)
                for data__Catch_x, data__Catch_item in enumerate(data__Catch):
                    validate____defs_catcherjsonata(data__Catch_item, custom_formats, (name_prefix or "data") + ".Catch[{data__Catch_x}]".format(**locals()))
        if "ItemProcessor" in data_keys:
            data_keys.remove("ItemProcessor")
            data__ItemProcessor = data["ItemProcessor"]
            validate____defs_processor(data__ItemProcessor, custom_formats, (name_prefix or "data") + ".ItemProcessor")
        if "Iterator" in data_keys:
            data_keys.remove("Iterator")
            data__Iterator = data["Iterator"]
            validate____defs_processor(data__Iterator, custom_formats, (name_prefix or "data") + ".Iterator")
        if "Items" in data_keys:
            data_keys.remove("Items")
            data__Items = data["Items"]
            data__Items_any_of_count2 = 0
            if not data__Items_any_of_count2:
                try:
                    if not isinstance(data__Items, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Items must be array")
                    data__Items_any_of_count2 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Items_any_of_count2:
                try:
                    validate____defs_jsonata(data__Items, custom_formats, (name_prefix or "data") + ".Items")
                    data__Items_any_of_count2 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Items_any_of_count2:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Items cannot be validated by any definition")
        if "ItemSelector" in data_keys:
            data_keys.remove("ItemSelector")
            data__ItemSelector = data["ItemSelector"]
        if "MaxConcurrency" in data_keys:
            data_keys.remove("MaxConcurrency")
            data__MaxConcurrency = data["MaxConcurrency"]
            data__MaxConcurrency_any_of_count3 = 0
            if not data__MaxConcurrency_any_of_count3:
                try:
                    if not isinstance(data__MaxConcurrency, (int)) and not (isinstance(data__MaxConcurrency, float) and data__MaxConcurrency.is_integer()) or isinstance(data__MaxConcurrency, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency must be integer")
                    if isinstance(data__MaxConcurrency, (int, float, Decimal)) and not isinstance(data__MaxConcurrency, bool):
                        if data__MaxConcurrency < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency must be bigger than or equal to 0")
                        if data__MaxConcurrency > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency must be smaller than or equal to 99999999")
                    data__MaxConcurrency_any_of_count3 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxConcurrency_any_of_count3:
                try:
                    validate____defs_jsonata(data__MaxConcurrency, custom_formats, (name_prefix or "data") + ".MaxConcurrency")
                    data__MaxConcurrency_any_of_count3 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxConcurrency_any_of_count3:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency cannot be validated by any definition")
        if "ItemReader" in data_keys:
            data_keys.remove("ItemReader")
            data__ItemReader = data["ItemReader"]
            validate____defs_itemreaderjsonata(data__ItemReader, custom_formats, (name_prefix or "data") + ".ItemReader")
        if "ItemBatcher" in data_keys:
            data_keys.remove("ItemBatcher")
            data__ItemBatcher = data["ItemBatcher"]
            validate____defs_itembatcherjsonata(data__ItemBatcher, custom_formats, (name_prefix or "data") + ".ItemBatcher")
        if "ResultWriter" in data_keys:
            data_keys.remove("ResultWriter")
            data__ResultWriter = data["ResultWriter"]
            validate____defs_resultwriterjsonata(data__ResultWriter, custom_formats, (name_prefix or "data") + ".ResultWriter")
        if "ToleratedFailureCount" in data_keys:
            data_keys.remove("ToleratedFailureCount")
            data__ToleratedFailureCount = data["ToleratedFailureCount"]
            data__ToleratedFailureCount_any_of_count4 = 0
            if not data__ToleratedFailureCount_any_of_count4:
                try:
                    if not isinstance(data__ToleratedFailureCount, (int)) and not (isinstance(data__ToleratedFailureCount, float) and data__ToleratedFailureCount.is_integer()) or isinstance(data__ToleratedFailureCount, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount must be integer")
                    if isinstance(data__ToleratedFailureCount, (int, float, Decimal)) and not isinstance(data__ToleratedFailureCount, bool):
                        if data__ToleratedFailureCount < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount must be bigger than or equal to 0")
                        if data__ToleratedFailureCount > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount must be smaller than or equal to 99999999")
                    data__ToleratedFailureCount_any_of_count4 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__ToleratedFailureCount_any_of_count4:
                try:
                    validate____defs_jsonata(data__ToleratedFailureCount, custom_formats, (name_prefix or "data") + ".ToleratedFailureCount")
                    data__ToleratedFailureCount_any_of_count4 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__ToleratedFailureCount_any_of_count4:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount cannot be validated by any definition")
        if "ToleratedFailurePercentage" in data_keys:
            data_keys.remove("ToleratedFailurePercentage")
            data__ToleratedFailurePercentage = data["ToleratedFailurePercentage"]
            data__ToleratedFailurePercentage_any_of_count5 = 0
            if not data__ToleratedFailurePercentage_any_of_count5:
                try:
                    if not isinstance(data__ToleratedFailurePercentage, (int, float, Decimal)) or isinstance(data__ToleratedFailurePercentage, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage must be number")
                    if isinstance(data__ToleratedFailurePercentage, (int, float, Decimal)) and not isinstance(data__ToleratedFailurePercentage, bool):
                        if data__ToleratedFailurePercentage < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage must be bigger than or equal to 0")
                        if data__ToleratedFailurePercentage > 100:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage must be smaller than or equal to 100")
                    data__ToleratedFailurePercentage_any_of_count5 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__ToleratedFailurePercentage_any_of_count5:
                try:
                    validate____defs_jsonata(data__ToleratedFailurePercentage, custom_formats, (name_prefix or "data") + ".ToleratedFailurePercentage")
                    data__ToleratedFailurePercentage_any_of_count5 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__ToleratedFailurePercentage_any_of_count5:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage cannot be validated by any definition")
        if "Label" in data_keys:
            data_keys.remove("Label")
            data__Label = data["Label"]
            if not isinstance(data__Label, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Label must be string")
            if isinstance(data__Label, str):
                data__Label_len = len(data__Label)
                if data__Label_len > 40:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Label must be shorter than or equal to 40 characters")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_resultwriterjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "Resource" in data_keys:
            data_keys.remove("Resource")
            data__Resource = data["Resource"]
            if not isinstance(data__Resource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Resource must be string")
        if "Arguments" in data_keys:
            data_keys.remove("Arguments")
            data__Arguments = data["Arguments"]
            data__Arguments_any_of_count6 = 0
            if not data__Arguments_any_of_count6:
                try:
                    if not isinstance(data__Arguments, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments must be object")
                    data__Arguments_any_of_count6 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count6:
                try:
                    validate____defs_jsonata(data__Arguments, custom_formats, (name_prefix or "data") + ".Arguments")
                    data__Arguments_any_of_count6 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count6:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments cannot be validated by any definition")
        if "WriterConfig" in data_keys:
            data_keys.remove("WriterConfig")
            data__WriterConfig = data["WriterConfig"]
            if not isinstance(data__WriterConfig, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".WriterConfig must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_itembatcherjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "MaxItemsPerBatch" in data_keys:
            data_keys.remove("MaxItemsPerBatch")
            data__MaxItemsPerBatch = data["MaxItemsPerBatch"]
            data__MaxItemsPerBatch_any_of_count7 = 0
            if not data__MaxItemsPerBatch_any_of_count7:
                try:
                    if not isinstance(data__MaxItemsPerBatch, (int)) and not (isinstance(data__MaxItemsPerBatch, float) and data__MaxItemsPerBatch.is_integer()) or isinstance(data__MaxItemsPerBatch, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch must be integer")
                    if isinstance(data__MaxItemsPerBatch, (int, float, Decimal)) and not isinstance(data__MaxItemsPerBatch, bool):
                        if data__MaxItemsPerBatch < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch must be bigger than or equal to 1")
                        if data__MaxItemsPerBatch > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch must be smaller than or equal to 99999999")
                    data__MaxItemsPerBatch_any_of_count7 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxItemsPerBatch_any_of_count7:
                try:
                    validate____defs_jsonata(data__MaxItemsPerBatch, custom_formats, (name_prefix or "data") + ".MaxItemsPerBatch")
                    data__MaxItemsPerBatch_any_of_count7 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxItemsPerBatch_any_of_count7:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch cannot be validated by any definition")
        if "MaxInputBytesPerBatch" in data_keys:
            data_keys.remove("MaxInputBytesPerBatch")
            data__MaxInputBytesPerBatch = data["MaxInputBytesPerBatch"]
            data__MaxInputBytesPerBatch_any_of_count8 = 0
            if not data__MaxInputBytesPerBatch_any_of_count8:
                try:
                    if not isinstance(data__MaxInputBytesPerBatch, (int)) and not (isinstance(data__MaxInputBytesPerBatch, float) and data__MaxInputBytesPerBatch.is_integer()) or isinstance(data__MaxInputBytesPerBatch, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch must be integer")
                    if isinstance(data__MaxInputBytesPerBatch, (int, float, Decimal)) and not isinstance(data__MaxInputBytesPerBatch, bool):
                        if data__MaxInputBytesPerBatch < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch must be bigger than or equal to 1")
                        if data__MaxInputBytesPerBatch > 262144:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch must be smaller than or equal to 262144")
                    data__MaxInputBytesPerBatch_any_of_count8 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxInputBytesPerBatch_any_of_count8:
                try:
                    validate____defs_jsonata(data__MaxInputBytesPerBatch, custom_formats, (name_prefix or "data") + ".MaxInputBytesPerBatch")
                    data__MaxInputBytesPerBatch_any_of_count8 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxInputBytesPerBatch_any_of_count8:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch cannot be validated by any definition")
        if "BatchInput" in data_keys:
            data_keys.remove("BatchInput")
            data__BatchInput = data["BatchInput"]
            data__BatchInput_any_of_count9 = 0
            if not data__BatchInput_any_of_count9:
                try:
                    if not isinstance(data__BatchInput, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".BatchInput must be object")
                    data__BatchInput_any_of_count9 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__BatchInput_any_of_count9:
                try:
                    validate____defs_jsonata(data__BatchInput, custom_formats, (name_prefix or "data") + ".BatchInput")
                    data__BatchInput_any_of_count9 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__BatchInput_any_of_count9:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".BatchInput cannot be validated by any definition")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_itemreaderjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Resource']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Resource" in data_keys:
            data_keys.remove("Resource")
            data__Resource = data["Resource"]
            if not isinstance(data__Resource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Resource must be string")
        if "Arguments" in data_keys:
            data_keys.remove("Arguments")
            data__Arguments = data["Arguments"]
            data__Arguments_any_of_count10 = 0
            if not data__Arguments_any_of_count10:
                try:
                    if not isinstance(data__Arguments, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments must be object")
                    data__Arguments_any_of_count10 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count10:
                try:
                    validate____defs_jsonata(data__Arguments, custom_formats, (name_prefix or "data") + ".Arguments")
                    data__Arguments_any_of_count10 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count10:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments cannot be validated by any definition")
        if "ReaderConfig" in data_keys:
            data_keys.remove("ReaderConfig")
            data__ReaderConfig = data["ReaderConfig"]
            validate____defs_readerconfigjsonata(data__ReaderConfig, custom_formats, (name_prefix or "data") + ".ReaderConfig")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_readerconfigjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "InputType" in data_keys:
            data_keys.remove("InputType")
            data__InputType = data["InputType"]
            if not (isinstance(data__InputType, str) and data__InputType == 'CSV' or isinstance(data__InputType, str) and data__InputType == 'JSON' or isinstance(data__InputType, str) and data__InputType == 'JSONL' or isinstance(data__InputType, str) and data__InputType == 'MANIFEST' or isinstance(data__InputType, str) and data__InputType == 'PARQUET'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputType must be one of ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET']")
        if "CSVHeaderLocation" in data_keys:
            data_keys.remove("CSVHeaderLocation")
            data__CSVHeaderLocation = data["CSVHeaderLocation"]
            if not (isinstance(data__CSVHeaderLocation, str) and data__CSVHeaderLocation == 'FIRST_ROW' or isinstance(data__CSVHeaderLocation, str) and data__CSVHeaderLocation == 'GIVEN'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVHeaderLocation must be one of ['FIRST_ROW', 'GIVEN']")
        if "CSVHeaders" in data_keys:
            data_keys.remove("CSVHeaders")
            data__CSVHeaders = data["CSVHeaders"]
            if not isinstance(data__CSVHeaders, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVHeaders must be array")
            data__CSVHeaders_is_list = isinstance(data__CSVHeaders, (list, tuple))
            if data__CSVHeaders_is_list:
                data__CSVHeaders_len = len(data__CSVHeaders)
                for data__CSVHeaders_x, data__CSVHeaders_item in enumerate(data__CSVHeaders):
                    if not isinstance(data__CSVHeaders_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVHeaders[{data__CSVHeaders_x}]".format(**locals()) + " must be string")
        if "CSVDelimiter" in data_keys:
            data_keys.remove("CSVDelimiter")
            data__CSVDelimiter = data["CSVDelimiter"]
            if not (isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'COMMA' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'PIPE' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'SEMICOLON' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'SPACE' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'TAB'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVDelimiter must be one of ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB']")
        if "MaxItems" in data_keys:
            data_keys.remove("MaxItems")
            data__MaxItems = data["MaxItems"]
            data__MaxItems_any_of_count11 = 0
            if not data__MaxItems_any_of_count11:
                try:
                    if not isinstance(data__MaxItems, (int)) and not (isinstance(data__MaxItems, float) and data__MaxItems.is_integer()) or isinstance(data__MaxItems, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems must be integer")
                    if isinstance(data__MaxItems, (int, float, Decimal)) and not isinstance(data__MaxItems, bool):
                        if data__MaxItems < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems must be bigger than or equal to 0")
                        if data__MaxItems > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems must be smaller than or equal to 99999999")
                    data__MaxItems_any_of_count11 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxItems_any_of_count11:
                try:
                    validate____defs_jsonata(data__MaxItems, custom_formats, (name_prefix or "data") + ".MaxItems")
                    data__MaxItems_any_of_count11 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__MaxItems_any_of_count11:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems cannot be validated by any definition")
    return data

def validate____defs_jsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^\\{%[\\s\\S]*%\\}$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^\\{%[\\s\\S]*%\\}$")
    return data

def validate____defs_processor(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['StartAt', 'States']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "StartAt" in data_keys:
            data_keys.remove("StartAt")
            data__StartAt = data["StartAt"]
            if not isinstance(data__StartAt, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".StartAt must be string")
        if "States" in data_keys:
            data_keys.remove("States")
            data__States = data["States"]
            if not isinstance(data__States, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".States must be object")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "ProcessorConfig" in data_keys:
            data_keys.remove("ProcessorConfig")
            data__ProcessorConfig = data["ProcessorConfig"]
            if not isinstance(data__ProcessorConfig, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ProcessorConfig must be object")
            data__ProcessorConfig_is_dict = isinstance(data__ProcessorConfig, dict)
            if data__ProcessorConfig_is_dict:
                data__ProcessorConfig_keys = set(data__ProcessorConfig.keys())
                if "Mode" in data__ProcessorConfig_keys:
                    data__ProcessorConfig_keys.remove("Mode")
                    data__ProcessorConfig__Mode = data__ProcessorConfig["Mode"]
                    if not (isinstance(data__ProcessorConfig__Mode, str) and data__ProcessorConfig__Mode == 'INLINE' or isinstance(data__ProcessorConfig__Mode, str) and data__ProcessorConfig__Mode == 'DISTRIBUTED'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ProcessorConfig.Mode must be one of ['INLINE', 'DISTRIBUTED']")
                if "ExecutionType" in data__ProcessorConfig_keys:
                    data__ProcessorConfig_keys.remove("ExecutionType")
                    data__ProcessorConfig__ExecutionType = data__ProcessorConfig["ExecutionType"]
                    if not (isinstance(data__ProcessorConfig__ExecutionType, str) and data__ProcessorConfig__ExecutionType == 'STANDARD' or isinstance(data__ProcessorConfig__ExecutionType, str) and data__ProcessorConfig__ExecutionType == 'EXPRESS'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ProcessorConfig.ExecutionType must be one of ['STANDARD', 'EXPRESS']")
                if data__ProcessorConfig_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ProcessorConfig must not contain "+str(data__ProcessorConfig_keys)+" properties")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_catcherjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['ErrorEquals', 'Next']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "ErrorEquals" in data_keys:
            data_keys.remove("ErrorEquals")
            data__ErrorEquals = data["ErrorEquals"]
            validate____defs_errorequals(data__ErrorEquals, custom_formats, (name_prefix or "data") + ".ErrorEquals")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_errorequals(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain at least 1 items")
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + "[{data_x}]".format(**locals()) + " must be string")
            if isinstance(data_item, str):
                data_item_len = len(data_item)
                if data_item_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + "[{data_x}]".format(**locals()) + " must be longer than or equal to 1 characters")
    return data

def validate____defs_retrier(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['ErrorEquals']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "ErrorEquals" in data_keys:
            data_keys.remove("ErrorEquals")
            data__ErrorEquals = data["ErrorEquals"]
            validate____defs_errorequals(data__ErrorEquals, custom_formats, (name_prefix or "data") + ".ErrorEquals")
        if "IntervalSeconds" in data_keys:
            data_keys.remove("IntervalSeconds")
            data__IntervalSeconds = data["IntervalSeconds"]
            if not isinstance(data__IntervalSeconds, (int)) and not (isinstance(data__IntervalSeconds, float) and data__IntervalSeconds.is_integer()) or isinstance(data__IntervalSeconds, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".IntervalSeconds must be integer")
        if "MaxAttempts" in data_keys:
            data_keys.remove("MaxAttempts")
            data__MaxAttempts = data["MaxAttempts"]
            if not isinstance(data__MaxAttempts, (int)) and not (isinstance(data__MaxAttempts, float) and data__MaxAttempts.is_integer()) or isinstance(data__MaxAttempts, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxAttempts must be integer")
        if "BackoffRate" in data_keys:
            data_keys.remove("BackoffRate")
            data__BackoffRate = data["BackoffRate"]
            if not isinstance(data__BackoffRate, (int, float, Decimal)) or isinstance(data__BackoffRate, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".BackoffRate must be number")
        if "MaxDelaySeconds" in data_keys:
            data_keys.remove("MaxDelaySeconds")
            data__MaxDelaySeconds = data["MaxDelaySeconds"]
            if not isinstance(data__MaxDelaySeconds, (int)) and not (isinstance(data__MaxDelaySeconds, float) and data__MaxDelaySeconds.is_integer()) or isinstance(data__MaxDelaySeconds, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxDelaySeconds must be integer")
        if "JitterStrategy" in data_keys:
            data_keys.remove("JitterStrategy")
            data__JitterStrategy = data["JitterStrategy"]
            if not (isinstance(data__JitterStrategy, str) and data__JitterStrategy == 'FULL' or isinstance(data__JitterStrategy, str) and data__JitterStrategy == 'NONE'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".JitterStrategy must be one of ['FULL', 'NONE']")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_mapjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if "ResultPath" in data_keys:
            data_keys.remove("ResultPath")
            data__ResultPath = data["ResultPath"]
            if not isinstance(data__ResultPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultPath must be string or null")
        if "Retry" in data_keys:
            data_keys.remove("Retry")
            data__Retry = data["Retry"]
            if not isinstance(data__Retry, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Retry must be array")
            data__Retry_is_list = isinstance(data__Retry, (list, tuple))
            if data__Retry_is_list:
                data__Retry_len = len(data__Retry)
                for data__Retry_x, data__Retry_item in enumerate(data__Retry):
                    validate____defs_retrier(data__Retry_item, custom_formats, (name_prefix or "data") + ".Retry[{data__Retry_x}]".format(**locals()))
        if "Catch" in data_keys:
            data_keys.remove("Catch")
            data__Catch = data["Catch"]
            if not isinstance(data__Catch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Catch must be array")
            data__Catch_is_list = isinstance(data__Catch, (list, tuple))
            if data__Catch_is_list:
                data__Catch_len = len(data__Catch)
                for data__Catch_x, data__Catch_item in enumerate(data__Catch):
                    validate____defs_catcherjsonpath(data__Catch_item, custom_formats, (name_prefix or "data") + ".Catch[{data__Catch_x}]".format(**locals()))
        if "ResultSelector" in data_keys:
            data_keys.remove("ResultSelector")
            data__ResultSelector = data["ResultSelector"]
            if not isinstance(data__ResultSelector, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultSelector must be object")
        if "ItemProcessor" in data_keys:
            data_keys.remove("ItemProcessor")
            data__ItemProcessor = data["ItemProcessor"]
            validate____defs_processor(data__ItemProcessor, custom_formats, (name_prefix or "data") + ".ItemProcessor")
        if "Iterator" in data_keys:
            data_keys.remove("Iterator")
            data__Iterator = data["Iterator"]
            validate____defs_processor(data__Iterator, custom_formats, (name_prefix or "data") + ".Iterator")
        if "ItemsPath" in data_keys:
            data_keys.remove("ItemsPath")
            data__ItemsPath = data["ItemsPath"]
            validate____defs_path(data__ItemsPath, custom_formats, (name_prefix or "data") + ".ItemsPath")
        if "ItemSelector" in data_keys:
            data_keys.remove("ItemSelector")
            data__ItemSelector = data["ItemSelector"]
            if not isinstance(data__ItemSelector, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ItemSelector must be object")
        if "Parameters" in data_keys:
            data_keys.remove("Parameters")
            data__Parameters = data["Parameters"]
            if not isinstance(data__Parameters, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Parameters must be object")
        if "MaxConcurrency" in data_keys:
            data_keys.remove("MaxConcurrency")
            data__MaxConcurrency = data["MaxConcurrency"]
            if not isinstance(data__MaxConcurrency, (int)) and not (isinstance(data__MaxConcurrency, float) and data__MaxConcurrency.is_integer()) or isinstance(data__MaxConcurrency, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency must be integer")
            if isinstance(data__MaxConcurrency, (int, float, Decimal)) and not isinstance(data__MaxConcurrency, bool):
                if data__MaxConcurrency < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency must be bigger than or equal to 0")
                if data__MaxConcurrency > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxConcurrency must be smaller than or equal to 99999999")
        if "MaxConcurrencyPath" in data_keys:
            data_keys.remove("MaxConcurrencyPath")
            data__MaxConcurrencyPath = data["MaxConcurrencyPath"]
            validate____defs_path(data__MaxConcurrencyPath, custom_formats, (name_prefix or "data") + ".MaxConcurrencyPath")
        if "ItemReader" in data_keys:
            data_keys.remove("ItemReader")
            data__ItemReader = data["ItemReader"]
            validate____defs_itemreaderjsonpath(data__ItemReader, custom_formats, (name_prefix or "data") + ".ItemReader")
        if "ItemBatcher" in data_keys:
            data_keys.remove("ItemBatcher")
            data__ItemBatcher = data["ItemBatcher"]
            validate____defs_itembatcherjsonpath(data__ItemBatcher, custom_formats, (name_prefix or "data") + ".ItemBatcher")
        if "ResultWriter" in data_keys:
            data_keys.remove("ResultWriter")
            data__ResultWriter = data["ResultWriter"]
            validate____defs_resultwriterjsonpath(data__ResultWriter, custom_formats, (name_prefix or "data") + ".ResultWriter")
        if "ToleratedFailureCount" in data_keys:
            data_keys.remove("ToleratedFailureCount")
            data__ToleratedFailureCount = data["ToleratedFailureCount"]
            if not isinstance(data__ToleratedFailureCount, (int)) and not (isinstance(data__ToleratedFailureCount, float) and data__ToleratedFailureCount.is_integer()) or isinstance(data__ToleratedFailureCount, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount must be integer")
            if isinstance(data__ToleratedFailureCount, (int, float, Decimal)) and not isinstance(data__ToleratedFailureCount, bool):
                if data__ToleratedFailureCount < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount must be bigger than or equal to 0")
                if data__ToleratedFailureCount > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailureCount must be smaller than or equal to 99999999")
        if "ToleratedFailureCountPath" in data_keys:
            data_keys.remove("ToleratedFailureCountPath")
            data__ToleratedFailureCountPath = data["ToleratedFailureCountPath"]
            validate____defs_path(data__ToleratedFailureCountPath, custom_formats, (name_prefix or "data") + ".ToleratedFailureCountPath")
        if "ToleratedFailurePercentage" in data_keys:
            data_keys.remove("ToleratedFailurePercentage")
            data__ToleratedFailurePercentage = data["ToleratedFailurePercentage"]
            if not isinstance(data__ToleratedFailurePercentage, (int, float, Decimal)) or isinstance(data__ToleratedFailurePercentage, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage must be number")
            if isinstance(data__ToleratedFailurePercentage, (int, float, Decimal)) and not isinstance(data__ToleratedFailurePercentage, bool):
                if data__ToleratedFailurePercentage < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage must be bigger than or equal to 0")
                if data__ToleratedFailurePercentage > 100:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ToleratedFailurePercentage must be smaller than or equal to 100")
        if "ToleratedFailurePercentagePath" in data_keys:
            data_keys.remove("ToleratedFailurePercentagePath")
            data__ToleratedFailurePercentagePath = data["ToleratedFailurePercentagePath"]
            validate____defs_path(data__ToleratedFailurePercentagePath, custom_formats, (name_prefix or "data") + ".ToleratedFailurePercentagePath")
        if "Label" in data_keys:
            data_keys.remove("Label")
            data__Label = data["Label"]
            if not isinstance(data__Label, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Label must be string")
            if isinstance(data__Label, str):
                data__Label_len = len(data__Label)
                if data__Label_len > 40:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Label must be shorter than or equal to 40 characters")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_resultwriterjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "Resource" in data_keys:
            data_keys.remove("Resource")
            data__Resource = data["Resource"]
            if not isinstance(data__Resource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Resource must be string")
        if "Parameters" in data_keys:
            data_keys.remove("Parameters")
            data__Parameters = data["Parameters"]
            if not isinstance(data__Parameters, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Parameters must be object")
        if "WriterConfig" in data_keys:
            data_keys.remove("WriterConfig")
            data__WriterConfig = data["WriterConfig"]
            if not isinstance(data__WriterConfig, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".WriterConfig must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_itembatcherjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "MaxItemsPerBatch" in data_keys:
            data_keys.remove("MaxItemsPerBatch")
            data__MaxItemsPerBatch = data["MaxItemsPerBatch"]
            if not isinstance(data__MaxItemsPerBatch, (int)) and not (isinstance(data__MaxItemsPerBatch, float) and data__MaxItemsPerBatch.is_integer()) or isinstance(data__MaxItemsPerBatch, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch must be integer")
            if isinstance(data__MaxItemsPerBatch, (int, float, Decimal)) and not isinstance(data__MaxItemsPerBatch, bool):
                if data__MaxItemsPerBatch < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch must be bigger than or equal to 1")
                if data__MaxItemsPerBatch > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItemsPerBatch must be smaller than or equal to 99999999")
        if "MaxItemsPerBatchPath" in data_keys:
            data_keys.remove("MaxItemsPerBatchPath")
            data__MaxItemsPerBatchPath = data["MaxItemsPerBatchPath"]
            validate____defs_path(data__MaxItemsPerBatchPath, custom_formats, (name_prefix or "data") + ".MaxItemsPerBatchPath")
        if "MaxInputBytesPerBatch" in data_keys:
            data_keys.remove("MaxInputBytesPerBatch")
            data__MaxInputBytesPerBatch = data["MaxInputBytesPerBatch"]
            if not isinstance(data__MaxInputBytesPerBatch, (int)) and not (isinstance(data__MaxInputBytesPerBatch, float) and data__MaxInputBytesPerBatch.is_integer()) or isinstance(data__MaxInputBytesPerBatch, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch must be integer")
            if isinstance(data__MaxInputBytesPerBatch, (int, float, Decimal)) and not isinstance(data__MaxInputBytesPerBatch, bool):
                if data__MaxInputBytesPerBatch < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch must be bigger than or equal to 1")
                if data__MaxInputBytesPerBatch > 262144:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxInputBytesPerBatch must be smaller than or equal to 262144")
        if "MaxInputBytesPerBatchPath" in data_keys:
            data_keys.remove("MaxInputBytesPerBatchPath")
            data__MaxInputBytesPerBatchPath = data["MaxInputBytesPerBatchPath"]
            validate____defs_path(data__MaxInputBytesPerBatchPath, custom_formats, (name_prefix or "data") + ".MaxInputBytesPerBatchPath")
        if "BatchInput" in data_keys:
            data_keys.remove("BatchInput")
            data__BatchInput = data["BatchInput"]
            if not isinstance(data__BatchInput, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".BatchInput must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_itemreaderjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Resource']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Resource" in data_keys:
            data_keys.remove("Resource")
            data__Resource = data["Resource"]
            if not isinstance(data__Resource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Resource must be string")
        if "Parameters" in data_keys:
            data_keys.remove("Parameters")
            data__Parameters = data["Parameters"]
            if not isinstance(data__Parameters, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Parameters must be object")
        if "ReaderConfig" in data_keys:
            data_keys.remove("ReaderConfig")
            data__ReaderConfig = data["ReaderConfig"]
            validate____defs_readerconfigjsonpath(data__ReaderConfig, custom_formats, (name_prefix or "data") + ".ReaderConfig")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_readerconfigjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "InputType" in data_keys:
            data_keys.remove("InputType")
            data__InputType = data["InputType"]
            if not (isinstance(data__InputType, str) and data__InputType == 'CSV' or isinstance(data__InputType, str) and data__InputType == 'JSON' or isinstance(data__InputType, str) and data__InputType == 'JSONL' or isinstance(data__InputType, str) and data__InputType == 'MANIFEST' or isinstance(data__InputType, str) and data__InputType == 'PARQUET'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputType must be one of ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET']")
        if "CSVHeaderLocation" in data_keys:
            data_keys.remove("CSVHeaderLocation")
            data__CSVHeaderLocation = data["CSVHeaderLocation"]
            if not (isinstance(data__CSVHeaderLocation, str) and data__CSVHeaderLocation == 'FIRST_ROW' or isinstance(data__CSVHeaderLocation, str) and data__CSVHeaderLocation == 'GIVEN'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVHeaderLocation must be one of ['FIRST_ROW', 'GIVEN']")
        if "CSVHeaders" in data_keys:
            data_keys.remove("CSVHeaders")
            data__CSVHeaders = data["CSVHeaders"]
            if not isinstance(data__CSVHeaders, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVHeaders must be array")
            data__CSVHeaders_is_list = isinstance(data__CSVHeaders, (list, tuple))
            if data__CSVHeaders_is_list:
                data__CSVHeaders_len = len(data__CSVHeaders)
                for data__CSVHeaders_x, data__CSVHeaders_item in enumerate(data__CSVHeaders):
                    if not isinstance(data__CSVHeaders_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVHeaders[{data__CSVHeaders_x}]".format(**locals()) + " must be string")
        if "CSVDelimiter" in data_keys:
            data_keys.remove("CSVDelimiter")
            data__CSVDelimiter = data["CSVDelimiter"]
            if not (isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'COMMA' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'PIPE' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'SEMICOLON' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'SPACE' or isinstance(data__CSVDelimiter, str) and data__CSVDelimiter == 'TAB'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".CSVDelimiter must be one of ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB']")
        if "MaxItems" in data_keys:
            data_keys.remove("MaxItems")
            data__MaxItems = data["MaxItems"]
            if not isinstance(data__MaxItems, (int)) and not (isinstance(data__MaxItems, float) and data__MaxItems.is_integer()) or isinstance(data__MaxItems, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems must be integer")
            if isinstance(data__MaxItems, (int, float, Decimal)) and not isinstance(data__MaxItems, bool):
                if data__MaxItems < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems must be bigger than or equal to 0")
                if data__MaxItems > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".MaxItems must be smaller than or equal to 99999999")
        if "MaxItemsPath" in data_keys:
            data_keys.remove("MaxItemsPath")
            data__MaxItemsPath = data["MaxItemsPath"]
            validate____defs_path(data__MaxItemsPath, custom_formats, (name_prefix or "data") + ".MaxItemsPath")
    return data

def validate____defs_path(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    return data

def validate____defs_catcherjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['ErrorEquals', 'Next']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "ErrorEquals" in data_keys:
            data_keys.remove("ErrorEquals")
            data__ErrorEquals = data["ErrorEquals"]
            validate____defs_errorequals(data__ErrorEquals, custom_formats, (name_prefix or "data") + ".ErrorEquals")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "ResultPath" in data_keys:
            data_keys.remove("ResultPath")
            data__ResultPath = data["ResultPath"]
            if not isinstance(data__ResultPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultPath must be string or null")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_paralleljsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type', 'Branches']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if "Retry" in data_keys:
            data_keys.remove("Retry")
            data__Retry = data["Retry"]
            if not isinstance(data__Retry, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Retry must be array")
            data__Retry_is_list = isinstance(data__Retry, (list, tuple))
            if data__Retry_is_list:
                data__Retry_len = len(data__Retry)
                for data__Retry_x, data__Retry_item in enumerate(data__Retry):
                    validate____defs_retrier(data__Retry_item, custom_formats, (name_prefix or "data") + ".Retry[{data__Retry_x}]".format(**locals()))
        if "Catch" in data_keys:
            data_keys.remove("Catch")
            data__Catch = data["Catch"]
            if not isinstance(data__Catch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Catch must be array")
            data__Catch_is_list = isinstance(data__Catch, (list, tuple))
            if data__Catch_is_list:
                data__Catch_len = len(data__Catch)
                for data__Catch_x, data__Catch_item in enumerate(data__Catch):
                    validate____defs_catcherjsonata(data__Catch_item, custom_formats, (name_prefix or "data") + ".Catch[{data__Catch_x}]".format(**locals()))
        if "Arguments" in data_keys:
            data_keys.remove("Arguments")
            data__Arguments = data["Arguments"]
            data__Arguments_any_of_count12 = 0
            if not data__Arguments_any_of_count12:
                try:
                    if not isinstance(data__Arguments, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments must be object")
                    data__Arguments_any_of_count12 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count12:
                try:
                    validate____defs_jsonata(data__Arguments, custom_formats, (name_prefix or "data") + ".Arguments")
                    data__Arguments_any_of_count12 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count12:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments cannot be validated by any definition")
        if "Branches" in data_keys:
            data_keys.remove("Branches")
            data__Branches = data["Branches"]
            if not isinstance(data__Branches, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Branches must be array")
            data__Branches_is_list = isinstance(data__Branches, (list, tuple))
            if data__Branches_is_list:
                data__Branches_len = len(data__Branches)
                if data__Branches_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Branches must contain at least 1 items")
                for data__Branches_x, data__Branches_item in enumerate(data__Branches):
                    validate____defs_scope(data__Branches_item, custom_formats, (name_prefix or "data") + ".Branches[{data__Branches_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_scope(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['StartAt', 'States']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "StartAt" in data_keys:
            data_keys.remove("StartAt")
            data__StartAt = data["StartAt"]
            if not isinstance(data__StartAt, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".StartAt must be string")
        if "States" in data_keys:
            data_keys.remove("States")
            data__States = data["States"]
            if not isinstance(data__States, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".States must be object")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_paralleljsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type', 'Branches']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if "ResultPath" in data_keys:
            data_keys.remove("ResultPath")
            data__ResultPath = data["ResultPath"]
            if not isinstance(data__ResultPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultPath must be string or null")
        if "Retry" in data_keys:
            data_keys.remove("Retry")
            data__Retry = data["Retry"]
            if not isinstance(data__Retry, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Retry must be array")
            data__Retry_is_list = isinstance(data__Retry, (list, tuple))
            if data__Retry_is_list:
                data__Retry_len = len(data__Retry)
                for data__Retry_x, data__Retry_item in enumerate(data__Retry):
                    validate____defs_retrier(data__Retry_item, custom_formats, (name_prefix or "data") + ".Retry[{data__Retry_x}]".format(**locals()))
        if "Catch" in data_keys:
            data_keys.remove("Catch")
            data__Catch = data["Catch"]
            if not isinstance(data__Catch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Catch must be array")
            data__Catch_is_list = isinstance(data__Catch, (list, tuple))
            if data__Catch_is_list:
                data__Catch_len = len(data__Catch)
                for data__Catch_x, data__Catch_item in enumerate(data__Catch):
                    validate____defs_catcherjsonpath(data__Catch_item, custom_formats, (name_prefix or "data") + ".Catch[{data__Catch_x}]".format(**locals()))
        if "Parameters" in data_keys:
            data_keys.remove("Parameters")
            data__Parameters = data["Parameters"]
            if not isinstance(data__Parameters, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Parameters must be object")
        if "ResultSelector" in data_keys:
            data_keys.remove("ResultSelector")
            data__ResultSelector = data["ResultSelector"]
            if not isinstance(data__ResultSelector, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultSelector must be object")
        if "Branches" in data_keys:
            data_keys.remove("Branches")
            data__Branches = data["Branches"]
            if not isinstance(data__Branches, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Branches must be array")
            data__Branches_is_list = isinstance(data__Branches, (list, tuple))
            if data__Branches_is_list:
                data__Branches_len = len(data__Branches)
                if data__Branches_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Branches must contain at least 1 items")
                for data__Branches_x, data__Branches_item in enumerate(data__Branches):
                    validate____defs_scope(data__Branches_item, custom_formats, (name_prefix or "data") + ".Branches[{data__Branches_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_failjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Error" in data_keys:
            data_keys.remove("Error")
            data__Error = data["Error"]
            if not isinstance(data__Error, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Error must be string")
        if "Cause" in data_keys:
            data_keys.remove("Cause")
            data__Cause = data["Cause"]
            if not isinstance(data__Cause, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Cause must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_failjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Error" in data_keys:
            data_keys.remove("Error")
            data__Error = data["Error"]
            if not isinstance(data__Error, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Error must be string")
        if "ErrorPath" in data_keys:
            data_keys.remove("ErrorPath")
            data__ErrorPath = data["ErrorPath"]
            validate____defs_path(data__ErrorPath, custom_formats, (name_prefix or "data") + ".ErrorPath")
        if "Cause" in data_keys:
            data_keys.remove("Cause")
            data__Cause = data["Cause"]
            if not isinstance(data__Cause, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Cause must be string")
        if "CausePath" in data_keys:
            data_keys.remove("CausePath")
            data__CausePath = data["CausePath"]
            validate____defs_path(data__CausePath, custom_formats, (name_prefix or "data") + ".CausePath")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_succeedjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_succeedjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_waitjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if "Seconds" in data_keys:
            data_keys.remove("Seconds")
            data__Seconds = data["Seconds"]
            data__Seconds_any_of_count13 = 0
            if not data__Seconds_any_of_count13:
                try:
                    if not isinstance(data__Seconds, (int)) and not (isinstance(data__Seconds, float) and data__Seconds.is_integer()) or isinstance(data__Seconds, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds must be integer")
                    if isinstance(data__Seconds, (int, float, Decimal)) and not isinstance(data__Seconds, bool):
                        if data__Seconds < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds must be bigger than or equal to 0")
                        if data__Seconds > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds must be smaller than or equal to 99999999")
                    data__Seconds_any_of_count13 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Seconds_any_of_count13:
                try:
                    validate____defs_jsonata(data__Seconds, custom_formats, (name_prefix or "data") + ".Seconds")
                    data__Seconds_any_of_count13 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Seconds_any_of_count13:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds cannot be validated by any definition")
        if "Timestamp" in data_keys:
            data_keys.remove("Timestamp")
            data__Timestamp = data["Timestamp"]
            if not isinstance(data__Timestamp, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Timestamp must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_waitjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if "Seconds" in data_keys:
            data_keys.remove("Seconds")
            data__Seconds = data["Seconds"]
            if not isinstance(data__Seconds, (int)) and not (isinstance(data__Seconds, float) and data__Seconds.is_integer()) or isinstance(data__Seconds, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds must be integer")
            if isinstance(data__Seconds, (int, float, Decimal)) and not isinstance(data__Seconds, bool):
                if data__Seconds < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds must be bigger than or equal to 0")
                if data__Seconds > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Seconds must be smaller than or equal to 99999999")
        if "SecondsPath" in data_keys:
            data_keys.remove("SecondsPath")
            data__SecondsPath = data["SecondsPath"]
            validate____defs_path(data__SecondsPath, custom_formats, (name_prefix or "data") + ".SecondsPath")
        if "Timestamp" in data_keys:
            data_keys.remove("Timestamp")
            data__Timestamp = data["Timestamp"]
            if not isinstance(data__Timestamp, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Timestamp must be string")
        if "TimestampPath" in data_keys:
            data_keys.remove("TimestampPath")
            data__TimestampPath = data["TimestampPath"]
            validate____defs_path(data__TimestampPath, custom_formats, (name_prefix or "data") + ".TimestampPath")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_choicejsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type', 'Choices']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if "Choices" in data_keys:
            data_keys.remove("Choices")
            data__Choices = data["Choices"]
            if not isinstance(data__Choices, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Choices must be array")
            data__Choices_is_list = isinstance(data__Choices, (list, tuple))
            if data__Choices_is_list:
                data__Choices_len = len(data__Choices)
                if data__Choices_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Choices must contain at least 1 items")
                for data__Choices_x, data__Choices_item in enumerate(data__Choices):
                    if not isinstance(data__Choices_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Choices[{data__Choices_x}]".format(**locals()) + " must be object")
        if "Default" in data_keys:
            data_keys.remove("Default")
            data__Default = data["Default"]
            if not isinstance(data__Default, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Default must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_choicejsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type', 'Choices']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if "Choices" in data_keys:
            data_keys.remove("Choices")
            data__Choices = data["Choices"]
            if not isinstance(data__Choices, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Choices must be array")
            data__Choices_is_list = isinstance(data__Choices, (list, tuple))
            if data__Choices_is_list:
                data__Choices_len = len(data__Choices)
                if data__Choices_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".Choices must contain at least 1 items")
                for data__Choices_x, data__Choices_item in enumerate(data__Choices):
                    if not isinstance(data__Choices_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Choices[{data__Choices_x}]".format(**locals()) + " must be object")
        if "Default" in data_keys:
            data_keys.remove("Default")
            data__Default = data["Default"]
            if not isinstance(data__Default, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Default must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_taskjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type', 'Resource']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if "Retry" in data_keys:
            data_keys.remove("Retry")
            data__Retry = data["Retry"]
            if not isinstance(data__Retry, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Retry must be array")
            data__Retry_is_list = isinstance(data__Retry, (list, tuple))
            if data__Retry_is_list:
                data__Retry_len = len(data__Retry)
                for data__Retry_x, data__Retry_item in enumerate(data__Retry):
                    validate____defs_retrier(data__Retry_item, custom_formats, (name_prefix or "data") + ".Retry[{data__Retry_x}]".format(**locals()))
        if "Catch" in data_keys:
            data_keys.remove("Catch")
            data__Catch = data["Catch"]
            if not isinstance(data__Catch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Catch must be array")
            data__Catch_is_list = isinstance(data__Catch, (list, tuple))
            if data__Catch_is_list:
                data__Catch_len = len(data__Catch)
                for data__Catch_x, data__Catch_item in enumerate(data__Catch):
                    validate____defs_catcherjsonata(data__Catch_item, custom_formats, (name_prefix or "data") + ".Catch[{data__Catch_x}]".format(**locals()))
        if "Resource" in data_keys:
            data_keys.remove("Resource")
            data__Resource = data["Resource"]
            if not isinstance(data__Resource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Resource must be string")
        if "Arguments" in data_keys:
            data_keys.remove("Arguments")
            data__Arguments = data["Arguments"]
            data__Arguments_any_of_count14 = 0
            if not data__Arguments_any_of_count14:
                try:
                    if not isinstance(data__Arguments, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments must be object")
                    data__Arguments_any_of_count14 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count14:
                try:
                    validate____defs_jsonata(data__Arguments, custom_formats, (name_prefix or "data") + ".Arguments")
                    data__Arguments_any_of_count14 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__Arguments_any_of_count14:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Arguments cannot be validated by any definition")
        if "TimeoutSeconds" in data_keys:
            data_keys.remove("TimeoutSeconds")
            data__TimeoutSeconds = data["TimeoutSeconds"]
            data__TimeoutSeconds_any_of_count15 = 0
            if not data__TimeoutSeconds_any_of_count15:
                try:
                    if not isinstance(data__TimeoutSeconds, (int)) and not (isinstance(data__TimeoutSeconds, float) and data__TimeoutSeconds.is_integer()) or isinstance(data__TimeoutSeconds, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds must be integer")
                    if isinstance(data__TimeoutSeconds, (int, float, Decimal)) and not isinstance(data__TimeoutSeconds, bool):
                        if data__TimeoutSeconds < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds must be bigger than or equal to 1")
                        if data__TimeoutSeconds > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds must be smaller than or equal to 99999999")
                    data__TimeoutSeconds_any_of_count15 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__TimeoutSeconds_any_of_count15:
                try:
                    validate____defs_jsonata(data__TimeoutSeconds, custom_formats, (name_prefix or "data") + ".TimeoutSeconds")
                    data__TimeoutSeconds_any_of_count15 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__TimeoutSeconds_any_of_count15:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds cannot be validated by any definition")
        if "HeartbeatSeconds" in data_keys:
            data_keys.remove("HeartbeatSeconds")
            data__HeartbeatSeconds = data["HeartbeatSeconds"]
            data__HeartbeatSeconds_any_of_count16 = 0
            if not data__HeartbeatSeconds_any_of_count16:
                try:
                    if not isinstance(data__HeartbeatSeconds, (int)) and not (isinstance(data__HeartbeatSeconds, float) and data__HeartbeatSeconds.is_integer()) or isinstance(data__HeartbeatSeconds, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds must be integer")
                    if isinstance(data__HeartbeatSeconds, (int, float, Decimal)) and not isinstance(data__HeartbeatSeconds, bool):
                        if data__HeartbeatSeconds < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds must be bigger than or equal to 1")
                        if data__HeartbeatSeconds > 99999999:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds must be smaller than or equal to 99999999")
                    data__HeartbeatSeconds_any_of_count16 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__HeartbeatSeconds_any_of_count16:
                try:
                    validate____defs_jsonata(data__HeartbeatSeconds, custom_formats, (name_prefix or "data") + ".HeartbeatSeconds")
                    data__HeartbeatSeconds_any_of_count16 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__HeartbeatSeconds_any_of_count16:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds cannot be validated by any definition")
        if "Credentials" in data_keys:
            data_keys.remove("Credentials")
            data__Credentials = data["Credentials"]
            validate____defs_credentialsjsonata(data__Credentials, custom_formats, (name_prefix or "data") + ".Credentials")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_credentialsjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['RoleArn']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "RoleArn" in data_keys:
            data_keys.remove("RoleArn")
            data__RoleArn = data["RoleArn"]
            if not isinstance(data__RoleArn, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".RoleArn must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_taskjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type', 'Resource']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if "ResultPath" in data_keys:
            data_keys.remove("ResultPath")
            data__ResultPath = data["ResultPath"]
            if not isinstance(data__ResultPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultPath must be string or null")
        if "Retry" in data_keys:
            data_keys.remove("Retry")
            data__Retry = data["Retry"]
            if not isinstance(data__Retry, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Retry must be array")
            data__Retry_is_list = isinstance(data__Retry, (list, tuple))
            if data__Retry_is_list:
                data__Retry_len = len(data__Retry)
                for data__Retry_x, data__Retry_item in enumerate(data__Retry):
                    validate____defs_retrier(data__Retry_item, custom_formats, (name_prefix or "data") + ".Retry[{data__Retry_x}]".format(**locals()))
        if "Catch" in data_keys:
            data_keys.remove("Catch")
            data__Catch = data["Catch"]
            if not isinstance(data__Catch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Catch must be array")
            data__Catch_is_list = isinstance(data__Catch, (list, tuple))
            if data__Catch_is_list:
                data__Catch_len = len(data__Catch)
                for data__Catch_x, data__Catch_item in enumerate(data__Catch):
                    validate____defs_catcherjsonpath(data__Catch_item, custom_formats, (name_prefix or "data") + ".Catch[{data__Catch_x}]".format(**locals()))
        if "Resource" in data_keys:
            data_keys.remove("Resource")
            data__Resource = data["Resource"]
            if not isinstance(data__Resource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Resource must be string")
        if "Parameters" in data_keys:
            data_keys.remove("Parameters")
            data__Parameters = data["Parameters"]
            if not isinstance(data__Parameters, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Parameters must be object")
        if "ResultSelector" in data_keys:
            data_keys.remove("ResultSelector")
            data__ResultSelector = data["ResultSelector"]
            if not isinstance(data__ResultSelector, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultSelector must be object")
        if "TimeoutSeconds" in data_keys:
            data_keys.remove("TimeoutSeconds")
            data__TimeoutSeconds = data["TimeoutSeconds"]
            if not isinstance(data__TimeoutSeconds, (int)) and not (isinstance(data__TimeoutSeconds, float) and data__TimeoutSeconds.is_integer()) or isinstance(data__TimeoutSeconds, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds must be integer")
            if isinstance(data__TimeoutSeconds, (int, float, Decimal)) and not isinstance(data__TimeoutSeconds, bool):
                if data__TimeoutSeconds < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds must be bigger than or equal to 1")
                if data__TimeoutSeconds > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".TimeoutSeconds must be smaller than or equal to 99999999")
        if "TimeoutSecondsPath" in data_keys:
            data_keys.remove("TimeoutSecondsPath")
            data__TimeoutSecondsPath = data["TimeoutSecondsPath"]
            validate____defs_path(data__TimeoutSecondsPath, custom_formats, (name_prefix or "data") + ".TimeoutSecondsPath")
        if "HeartbeatSeconds" in data_keys:
            data_keys.remove("HeartbeatSeconds")
            data__HeartbeatSeconds = data["HeartbeatSeconds"]
            if not isinstance(data__HeartbeatSeconds, (int)) and not (isinstance(data__HeartbeatSeconds, float) and data__HeartbeatSeconds.is_integer()) or isinstance(data__HeartbeatSeconds, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds must be integer")
            if isinstance(data__HeartbeatSeconds, (int, float, Decimal)) and not isinstance(data__HeartbeatSeconds, bool):
                if data__HeartbeatSeconds < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds must be bigger than or equal to 1")
                if data__HeartbeatSeconds > 99999999:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".HeartbeatSeconds must be smaller than or equal to 99999999")
        if "HeartbeatSecondsPath" in data_keys:
            data_keys.remove("HeartbeatSecondsPath")
            data__HeartbeatSecondsPath = data["HeartbeatSecondsPath"]
            validate____defs_path(data__HeartbeatSecondsPath, custom_formats, (name_prefix or "data") + ".HeartbeatSecondsPath")
        if "Credentials" in data_keys:
            data_keys.remove("Credentials")
            data__Credentials = data["Credentials"]
            validate____defs_credentialsjsonpath(data__Credentials, custom_formats, (name_prefix or "data") + ".Credentials")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_credentialsjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "RoleArn" in data_keys:
            data_keys.remove("RoleArn")
            data__RoleArn = data["RoleArn"]
            if not isinstance(data__RoleArn, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".RoleArn must be string")
        if "RoleArn.$" in data_keys:
            data_keys.remove("RoleArn.$")
            data__RoleArn = data["RoleArn.$"]
            if not isinstance(data__RoleArn, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".RoleArn.$ must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_passjsonata(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "Output" in data_keys:
            data_keys.remove("Output")
            data__Output = data["Output"]
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_passjsonpath(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['Type']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "Type" in data_keys:
            data_keys.remove("Type")
            data__Type = data["Type"]
            if not isinstance(data__Type, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Type must be string")
        if "Comment" in data_keys:
            data_keys.remove("Comment")
            data__Comment = data["Comment"]
            if not isinstance(data__Comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Comment must be string")
        if "QueryLanguage" in data_keys:
            data_keys.remove("QueryLanguage")
            data__QueryLanguage = data["QueryLanguage"]
            if not (isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONPath' or isinstance(data__QueryLanguage, str) and data__QueryLanguage == 'JSONata'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".QueryLanguage must be one of ['JSONPath', 'JSONata']")
        if "Next" in data_keys:
            data_keys.remove("Next")
            data__Next = data["Next"]
            if not isinstance(data__Next, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Next must be string")
        if "End" in data_keys:
            data_keys.remove("End")
            data__End = data["End"]
            if not isinstance(data__End, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".End must be boolean")
        if "Assign" in data_keys:
            data_keys.remove("Assign")
            data__Assign = data["Assign"]
            if not isinstance(data__Assign, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".Assign must be object")
        if "InputPath" in data_keys:
            data_keys.remove("InputPath")
            data__InputPath = data["InputPath"]
            if not isinstance(data__InputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".InputPath must be string or null")
        if "OutputPath" in data_keys:
            data_keys.remove("OutputPath")
            data__OutputPath = data["OutputPath"]
            if not isinstance(data__OutputPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".OutputPath must be string or null")
        if "ResultPath" in data_keys:
            data_keys.remove("ResultPath")
            data__ResultPath = data["ResultPath"]
            if not isinstance(data__ResultPath, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ResultPath must be string or null")
        if "Parameters" in data_keys:
            data_keys.remove("Parameters")
            data__Parameters = data["Parameters"]
        if "Result" in data_keys:
            data_keys.remove("Result")
            data__Result = data["Result"]
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data


CHECKS = {
    'PassJSONPath': validate____defs_passjsonpath,
    'PassJSONata': validate____defs_passjsonata,
    'TaskJSONPath': validate____defs_taskjsonpath,
    'TaskJSONata': validate____defs_taskjsonata,
    'ChoiceJSONPath': validate____defs_choicejsonpath,
    'ChoiceJSONata': validate____defs_choicejsonata,
    'WaitJSONPath': validate____defs_waitjsonpath,
    'WaitJSONata': validate____defs_waitjsonata,
    'SucceedJSONPath': validate____defs_succeedjsonpath,
    'SucceedJSONata': validate____defs_succeedjsonata,
    'FailJSONPath': validate____defs_failjsonpath,
    'FailJSONata': validate____defs_failjsonata,
    'ParallelJSONPath': validate____defs_paralleljsonpath,
    'ParallelJSONata': validate____defs_paralleljsonata,
    'MapJSONPath': validate____defs_mapjsonpath,
    'MapJSONata': validate____defs_mapjsonata,
}
