# services_apps.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# boto3 against the sandbox: Lambda, CloudWatch metrics (query form through
# boto3, JSON 1.0 and CBOR by hand-signed requests), API Gateway and WAFv2.

import datetime
import json
import os
import sys

import boto3
import botocore.config
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError
from botocore.httpsession import URLLib3Session

ENDPOINT = os.environ["PD_SANDBOX_ENDPOINT"]
ACCOUNT = os.environ["PD_SANDBOX_ACCOUNT_ID"]
REGION = "eu-west-1"
CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
UNCHECKED = CONFIG.merge(botocore.config.Config(parameter_validation=False))
FUNCTIONS = ["todos-create", "todos-list", "todos-get", "todos-update", "todos-delete",
             "authorizer"]
checks = 0


def client(service, config=CONFIG):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, config=config)


def check(condition, what):
    global checks
    if not condition:
        sys.exit("FAILED: " + what)
    checks += 1


def expect_error(code, func, *args, status=None, contains=None, **kwargs):
    try:
        func(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        check(got == code, "%s: expected %s, got %s (%s)" % (func.__name__, code, got,
                                                              e.response["Error"].get("Message")))
        if status is not None:
            check(e.response["ResponseMetadata"]["HTTPStatusCode"] == status,
                  "%s: status %s" % (code, e.response["ResponseMetadata"]["HTTPStatusCode"]))
        if contains is not None:
            message = e.response["Error"].get("Message", "")
            check(contains in message, "%s: %r not in %r" % (code, contains, message))
        return e
    sys.exit("FAILED: %s did not fail with %s" % (func.__name__, code))


def signed(method, path, service, body=b"", headers=None):
    """Sends a request signed by botocore's own signer; returns (status, headers, body)."""
    creds = botocore.session.get_session().get_credentials()
    request = AWSRequest(method=method, url=ENDPOINT + path, data=body, headers=headers or {})
    SigV4Auth(creds, service, REGION).add_auth(request)
    response = URLLib3Session().send(request.prepare())
    return response.status_code, response.headers, response.content


def lambda_functions():
    lam = client("lambda")
    names, marker, pages = [], None, 0
    while True:
        kwargs = {"MaxItems": 5}
        if marker:
            kwargs["Marker"] = marker
        page = lam.list_functions(**kwargs)
        pages += 1
        names += [f["FunctionName"] for f in page["Functions"]]
        marker = page.get("NextMarker")
        if not marker:
            break
    check(pages == 3, "functions over three pages (%d)" % pages)
    check(all(f in names for f in FUNCTIONS), "every To-Do function")
    check(len(names) == len(set(names)) == 12, "prod and staging functions once each")
    everything = lam.list_functions()["Functions"]
    create = [f for f in everything if f["FunctionName"] == "todos-create"][0]
    check(create["Runtime"].startswith("python3."), "python runtime")
    check(create["MemorySize"] == 256 and create["Timeout"] == 10, "memory and timeout")
    datetime.datetime.strptime(create["LastModified"], "%Y-%m-%dT%H:%M:%S.%f%z")
    check(create["FunctionArn"] == "arn:aws:lambda:%s:%s:function:todos-create" % (REGION, ACCOUNT),
          "function ARN")
    paginated = [f["FunctionName"] for p in lam.get_paginator("list_functions").paginate(
        PaginationConfig={"PageSize": 4}) for f in p["Functions"]]
    check(paginated == names, "the paginator sees the same functions")

    # The path newer botocore uses, without the trailing slash.
    status, _, body = signed("GET", "/2015-03-31/functions?MaxItems=2", "lambda")
    reply = json.loads(body)
    check(status == 200 and len(reply["Functions"]) == 2 and "NextMarker" in reply,
          "ListFunctions without the trailing slash")
    expect_error("InvalidParameterValueException", lam.list_functions, Marker="garbage")
    expect_error("InvalidParameterValueException", client("lambda", UNCHECKED).list_functions,
                 MaxItems=0)


def metric_query(function, metric, stat, period=300):
    return {"Id": "m_" + metric.lower(),
            "MetricStat": {"Metric": {"Namespace": "AWS/Lambda", "MetricName": metric,
                                      "Dimensions": [{"Name": "FunctionName", "Value": function}]},
                           "Period": period, "Stat": stat}}


def metrics():
    cw = client("cloudwatch")
    end = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0,
                                                               microsecond=0)
    start = end - datetime.timedelta(hours=24)

    full = cw.get_metric_data(MetricDataQueries=[metric_query("todos-list", "Invocations", "Sum")],
                              StartTime=start, EndTime=end)
    result = full["MetricDataResults"][0]
    check(result["StatusCode"] == "Complete", "complete result")
    check(len(result["Timestamps"]) >= 270, "24 hours of 5-minute points (%d)" %
          len(result["Timestamps"]))
    check(result["Timestamps"] == sorted(result["Timestamps"], reverse=True),
          "newest first by default")
    check(all(v > 0 for v in result["Values"]), "invocations every 5 minutes")

    # Paging over MaxDatapoints gives the same points.
    points, token, pages = [], None, 0
    while True:
        kwargs = {"MetricDataQueries": [metric_query("todos-list", "Invocations", "Sum")],
                  "StartTime": start, "EndTime": end, "MaxDatapoints": 100}
        if token:
            kwargs["NextToken"] = token
        page = cw.get_metric_data(**kwargs)
        pages += 1
        points += page["MetricDataResults"][0]["Values"]
        token = page.get("NextToken")
        if not token:
            break
    check(pages >= 3 and points == result["Values"], "paging over %d pages" % pages)

    hourly = cw.get_metric_data(MetricDataQueries=[
        metric_query("todos-list", "Invocations", "Sum", 3600),
        metric_query("todos-list", "Errors", "Sum", 3600),
        metric_query("todos-list", "Duration", "Average", 3600),
        metric_query("todos-list", "Throttles", "Sum", 3600),
        metric_query("todos-list", "ConcurrentExecutions", "Maximum", 3600)],
        StartTime=start, EndTime=end, ScanBy="TimestampAscending")
    by_id = {r["Id"]: r for r in hourly["MetricDataResults"]}
    inv = by_id["m_invocations"]
    check(inv["Timestamps"] == sorted(inv["Timestamps"]), "oldest first when asked")
    check(abs(sum(inv["Values"]) - sum(result["Values"])) < 1e-6,
          "hourly sums add up to the 5-minute sums")
    check(all(e <= i for e, i in zip(by_id["m_errors"]["Values"], inv["Values"])),
          "never more errors than invocations")
    check(all(50 < d < 1000 for d in by_id["m_duration"]["Values"]), "plausible durations")
    check(len(by_id["m_concurrentexecutions"]["Values"]) > 0, "concurrency")

    api = cw.get_metric_data(MetricDataQueries=[
        {"Id": "count", "MetricStat": {"Metric": {"Namespace": "AWS/ApiGateway",
                                                  "MetricName": "Count",
                                                  "Dimensions": [{"Name": "ApiName",
                                                                  "Value": "todo-list-aws"},
                                                                 {"Name": "Stage",
                                                                  "Value": "prod"}]},
                                       "Period": 3600, "Stat": "Sum"}},
        {"Id": "latency", "MetricStat": {"Metric": {"Namespace": "AWS/ApiGateway",
                                                    "MetricName": "Latency",
                                                    "Dimensions": [{"Name": "ApiName",
                                                                    "Value": "todo-list-aws"}]},
                                         "Period": 3600, "Stat": "p99"}},
        {"Id": "unknown", "MetricStat": {"Metric": {"Namespace": "AWS/Lambda",
                                                    "MetricName": "Invocations",
                                                    "Dimensions": [{"Name": "FunctionName",
                                                                    "Value": "nope"}]},
                                         "Period": 3600, "Stat": "Sum"}}],
        StartTime=start, EndTime=end)
    by_id = {r["Id"]: r for r in api["MetricDataResults"]}
    check(sum(by_id["count"]["Values"]) > 1000, "API request count")
    check(len(by_id["latency"]["Values"]) >= 23, "API latency")
    check(by_id["unknown"]["Values"] == [], "no data for an unknown function")

    expect_error("ValidationError", cw.get_metric_data,
                 MetricDataQueries=[metric_query("todos-list", "Invocations", "Sum", 61)],
                 StartTime=start, EndTime=end, contains="Period")
    expect_error("ValidationError", cw.get_metric_data,
                 MetricDataQueries=[metric_query("todos-list", "Invocations", "Sum")],
                 StartTime=end, EndTime=start, contains="StartTime must be less")
    expect_error("ValidationError", cw.get_metric_data,
                 MetricDataQueries=[metric_query("todos-list", "Invocations", "Median")],
                 StartTime=start, EndTime=end, contains="Stat")
    expect_error("InvalidNextToken", cw.get_metric_data,
                 MetricDataQueries=[metric_query("todos-list", "Invocations", "Sum")],
                 StartTime=start, EndTime=end, NextToken="garbage")

    # The JSON 1.0 form of newer SDKs, with epoch-second timestamps.
    body = json.dumps({"MetricDataQueries": [metric_query("todos-list", "Invocations", "Sum")],
                       "StartTime": start.timestamp(), "EndTime": end.timestamp()})
    status, headers, content = signed(
        "POST", "/", "monitoring", body.encode(),
        {"Content-Type": "application/x-amz-json-1.0",
         "X-Amz-Target": "GraniteServiceVersion20100801.GetMetricData",
         "x-amzn-query-mode": "true"})
    check(status == 200, "JSON 1.0 status %d" % status)
    check(headers["Content-Type"] == "application/x-amz-json-1.0", "JSON 1.0 content type")
    reply = json.loads(content)["MetricDataResults"][0]
    check(reply["Values"] == result["Values"], "JSON 1.0 form gives the query form's values")
    check(int(reply["Timestamps"][0]) ==
          int(result["Timestamps"][0].timestamp()), "epoch-second timestamps")
    status, headers, content = signed(
        "POST", "/", "monitoring", json.dumps({"MetricDataQueries": [
            metric_query("todos-list", "Invocations", "Sum")], "StartTime": start.timestamp(),
            "EndTime": end.timestamp(), "NextToken": "bogus"}).encode(),
        {"Content-Type": "application/x-amz-json-1.0",
         "X-Amz-Target": "GraniteServiceVersion20100801.GetMetricData"})
    check(status == 400 and headers.get("x-amzn-query-error", "").startswith("InvalidNextToken;"),
          "JSON 1.0 errors carry x-amzn-query-error")
    check(json.loads(content)["__type"].endswith("InvalidNextToken"), "JSON 1.0 error type")

    # Smithy RPC v2 CBOR is refused clearly.
    status, headers, content = signed(
        "POST", "/service/GraniteServiceVersion20100801/operation/GetMetricData", "monitoring",
        b"\xa0", {"Content-Type": "application/cbor", "Accept": "application/cbor",
                  "smithy-protocol": "rpc-v2-cbor"})
    check(status == 415 and b"CBOR is not supported" in content, "CBOR refused (%d)" % status)


def main():
    what = sys.argv[1:] or ["lambda", "cloudwatch", "apigateway", "wafv2"]
    if "lambda" in what:
        lambda_functions()
    if "cloudwatch" in what:
        metrics()
    if "apigateway" in what:
        apigateway()
    if "wafv2" in what:
        wafv2()
    print("services_apps %s: %d checks passed" % (" ".join(what), checks))


def apigateway():
    pass


def wafv2():
    pass


main()
