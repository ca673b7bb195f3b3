"""Writes botocore's DynamoDB service model with gzip request compression
turned on for every operation, into DIR/dynamodb/API_VERSION/service-2.json.
Usage: python3 compressing_model.py DIR. Clients that load models from
AWS_DATA_PATH=DIR (boto3 and the AWS CLI do) then compress their request
bodies, as they do for services whose model asks for it; DynamoDB's own
model does not."""

import json
import os
import sys

from botocore.loaders import Loader

model = Loader().load_service_model("dynamodb", "service-2")
for operation in model["operations"].values():
    operation["requestcompression"] = {"encodings": ["gzip"]}
directory = os.path.join(sys.argv[1], "dynamodb", model["metadata"]["apiVersion"])
os.makedirs(directory, exist_ok=True)
with open(os.path.join(directory, "service-2.json"), "w") as f:
    json.dump(model, f)
