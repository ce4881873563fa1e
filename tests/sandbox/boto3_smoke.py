# boto3_smoke.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The first real-client check: boto3 lists the pipelines, one per page.

import os
import sys

import boto3

client = boto3.client("codepipeline", endpoint_url=os.environ["PD_SANDBOX_ENDPOINT"])
names = []
token = None
pages = 0
while True:
    kwargs = {"maxResults": 1}
    if token:
        kwargs["nextToken"] = token
    page = client.list_pipelines(**kwargs)
    pages += 1
    names += [p["name"] for p in page["pipelines"]]
    token = page.get("nextToken")
    if not token:
        break
if pages < 2:
    sys.exit("expected several pages, got %d" % pages)
print("pipelines:", " ".join(names))
