# functions_boto3.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What boto3 reads from the sandbox, for test-functions to compare with:
#   metrics START END PERIOD NAME…  the sums of Invocations and Errors
#   deploys                          the end times of succeeded executions

import datetime
import json
import os
import sys

import boto3

endpoint = os.environ["PD_SANDBOX_ENDPOINT"]

if sys.argv[1] == "metrics":
    start = datetime.datetime.fromtimestamp(int(sys.argv[2]), datetime.timezone.utc)
    end = datetime.datetime.fromtimestamp(int(sys.argv[3]), datetime.timezone.utc)
    period = int(sys.argv[4])
    names = sys.argv[5:]
    client = boto3.client("cloudwatch", endpoint_url=endpoint)
    queries = []
    for i, name in enumerate(names):
        for key, metric in (("inv", "Invocations"), ("err", "Errors")):
            queries.append({"Id": "%s%d" % (key, i),
                            "MetricStat": {"Metric": {"Namespace": "AWS/Lambda",
                                                      "MetricName": metric,
                                                      "Dimensions": [{"Name": "FunctionName",
                                                                      "Value": name}]},
                                           "Period": period, "Stat": "Sum"}})
    sums = {}
    kwargs = {"MetricDataQueries": queries, "StartTime": start, "EndTime": end}
    while True:
        page = client.get_metric_data(**kwargs)
        for result in page["MetricDataResults"]:
            sums[result["Id"]] = sums.get(result["Id"], 0.0) + sum(result["Values"])
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    out = {}
    for i, name in enumerate(names):
        out[name] = [sums.get("inv%d" % i, 0.0), sums.get("err%d" % i, 0.0)]
    print(json.dumps(out))
elif sys.argv[1] == "deploys":
    client = boto3.client("codepipeline", endpoint_url=endpoint)
    times = []
    for pipeline in client.list_pipelines()["pipelines"]:
        page = client.list_pipeline_executions(pipelineName=pipeline["name"], maxResults=50)
        for execution in page["pipelineExecutionSummaries"]:
            if execution["status"] == "Succeeded":
                times.append(int(execution["lastUpdateTime"].timestamp() * 1000))
    print(json.dumps(sorted(times)))
else:
    sys.exit("unknown mode " + sys.argv[1])
