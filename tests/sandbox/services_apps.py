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
    apig = client("apigateway")
    apis, position, pages = [], None, 0
    while True:
        kwargs = {"limit": 2}
        if position:
            kwargs["position"] = position
        page = apig.get_rest_apis(**kwargs)
        pages += 1
        apis += page["items"]
        position = page.get("position")
        if not position:
            break
    check(pages == 2 and len(apis) == 4, "REST APIs over two pages")
    todo = [a for a in apis if a["name"] == "todo-list-aws"][0]
    api_id = todo["id"]
    check(todo["endpointConfiguration"]["types"] == ["REGIONAL"], "regional endpoint")
    paginated = [a["id"] for p in apig.get_paginator("get_rest_apis").paginate(
        PaginationConfig={"PageSize": 1}) for a in p["items"]]
    check(paginated == [a["id"] for a in apis], "the paginator sees the same APIs")

    stages = apig.get_stages(restApiId=api_id)["item"]
    deployments = apig.get_deployments(restApiId=api_id, limit=2)
    more = apig.get_deployments(restApiId=api_id, position=deployments["position"])
    listed = deployments["items"] + more["items"]
    check(len(listed) == 3 and "position" not in more, "deployments over two pages")
    check(all(d["createdDate"] < listed[-1]["createdDate"] for d in listed[:-1]),
          "the newest deployment last")
    check(sorted(s["stageName"] for s in stages) == ["prod", "staging"], "stages")
    prod = apig.get_stage(restApiId=api_id, stageName="prod")
    check(prod["methodSettings"]["*/*"]["throttlingRateLimit"] == 500.0, "stage throttling")
    check(prod["methodSettings"]["*/*"]["throttlingBurstLimit"] == 1000, "stage burst")
    check(prod["tracingEnabled"] is True, "tracing")
    check(prod["deploymentId"] == listed[-1]["id"], "prod serves the newest deployment")
    check(prod["methodSettings"]["todos/POST"]["throttlingRateLimit"] == 100.0 and
          prod["methodSettings"]["todos/POST"]["throttlingBurstLimit"] == 200,
          "a seeded method override")
    check(prod["variables"]["dbCluster"] == "todo-list-db", "stage variables")
    check(prod["webAclArn"].startswith("arn:aws:wafv2:%s:%s:regional/webacl/todo-list-aws-waf/"
                                       % (REGION, ACCOUNT)), "the web ACL on prod")
    check("webAclArn" not in apig.get_stage(restApiId=api_id, stageName="staging"),
          "no web ACL on staging")

    updated = apig.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "250.5"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "400"},
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/~1todos/GET/throttling/rateLimit", "value": "50"},
        {"op": "add", "path": "/variables/featureFlag", "value": "on"},
        {"op": "replace", "path": "/variables/logLevel", "value": "WARN"},
        {"op": "remove", "path": "/variables/lambdaAlias"},
        {"op": "replace", "path": "/tracingEnabled", "value": "false"}])
    settings = updated["methodSettings"]
    check(settings["*/*"]["throttlingRateLimit"] == 250.5, "rate limit updated")
    check(settings["*/*"]["throttlingBurstLimit"] == 400, "burst limit updated")
    check(settings["*/*"]["loggingLevel"] == "INFO", "log level updated")
    check(settings["todos/GET"]["throttlingRateLimit"] == 50.0 and
          settings["todos/GET"]["throttlingBurstLimit"] == 400, "a method override")
    check(updated["variables"] == {"dbCluster": "todo-list-db", "logLevel": "WARN",
                                   "featureFlag": "on"}, "variables: %r" % updated["variables"])
    check(updated["tracingEnabled"] is False, "tracing updated")
    again = apig.get_stage(restApiId=api_id, stageName="prod")
    again.pop("ResponseMetadata")
    updated.pop("ResponseMetadata")
    check(again == updated, "the update persists")

    def bad(patch, contains):
        expect_error("BadRequestException", apig.update_stage, restApiId=api_id,
                     stageName="prod", patchOperations=patch, status=400, contains=contains)
    bad([{"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "fast"}],
        "Invalid value 'fast'")
    bad([{"op": "replace", "path": "/*/*/logging/loglevel", "value": "DEBUG"}], "OFF, ERROR, INFO")
    bad([{"op": "replace", "path": "/nope", "value": "x"}], "Invalid patch path '/nope'")
    bad([{"op": "replace", "path": "/tracingEnabled", "value": "maybe"}], "tracingEnabled")
    bad([{"op": "add", "path": "/variables/bad-name", "value": "x"}], "bad-name")
    bad([{"op": "replace", "path": "/~1nope/GET/throttling/rateLimit", "value": "1"}],
        "Cannot find method")
    # A failing patch list changes nothing.
    bad([{"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "7"},
         {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "-1"}], "Invalid value")
    check(apig.get_stage(restApiId=api_id, stageName="prod")["methodSettings"]["*/*"]
          ["throttlingBurstLimit"] == 400, "atomic updates")
    removed = apig.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "remove", "path": "/~1todos/POST"}])
    check("todos/POST" not in removed["methodSettings"] and
          "todos/GET" in removed["methodSettings"], "a method override removed")
    bad([{"op": "remove", "path": "/~1todos/POST"}], "no method setting")
    expect_error("NotFoundException", apig.get_stage, restApiId=api_id, stageName="qa",
                 status=404, contains="Invalid stage identifier")
    expect_error("NotFoundException", apig.get_stages, restApiId="nope", status=404,
                 contains="Invalid API identifier")

    authorizers, position = [], None
    while True:
        page = apig.get_authorizers(restApiId=api_id, limit=1,
                                    **({"position": position} if position else {}))
        authorizers += page["items"]
        position = page.get("position")
        if not position:
            break
    token = [a for a in authorizers if a["type"] == "TOKEN"]
    check(len(authorizers) == 2 and len(token) == 1, "authorizers over two pages")
    check(token[0]["identitySource"] == "method.request.header.Authorization", "identity source")
    check(token[0]["authorizerUri"].endswith(":function:authorizer/invocations"),
          "the authorizer Lambda")

    resources = apig.get_resources(restApiId=api_id, embed=["methods"])["items"]
    by_path = {r["path"]: r for r in resources}
    check(sorted(by_path) == ["/", "/health", "/todos", "/todos/{id}"], "resources")
    item = by_path["/todos/{id}"]["resourceMethods"]
    check(sorted(item) == ["DELETE", "GET", "PUT"], "item methods")
    check(item["GET"]["authorizationType"] == "CUSTOM" and
          item["GET"]["authorizerId"] == token[0]["id"], "methods behind the TOKEN authorizer")
    check(item["PUT"]["methodIntegration"]["uri"].endswith(":function:todos-update/invocations"),
          "Lambda proxy integration")
    bare = apig.get_resources(restApiId=api_id)["items"]
    check({r["path"]: r.get("resourceMethods") for r in bare}["/todos"] == {"GET": {}, "POST": {}},
          "methods not embedded unless asked")
    pages = list(apig.get_paginator("get_resources").paginate(
        restApiId=api_id, PaginationConfig={"PageSize": 3}))
    check(len(pages) == 2 and sum(len(p["items"]) for p in pages) == 4, "resources paged")
    expect_error("BadRequestException", apig.get_resources, restApiId=api_id, position="junk")
    expect_error("BadRequestException", client("apigateway", UNCHECKED).get_rest_apis, limit=501)


def wafv2():
    waf = client("wafv2")
    acls, marker, pages = [], None, 0
    while True:
        kwargs = {"Scope": "REGIONAL", "Limit": 1}
        if marker:
            kwargs["NextMarker"] = marker
        page = waf.list_web_acls(**kwargs)
        pages += 1
        acls += page["WebACLs"]
        marker = page.get("NextMarker")
        if not marker:
            break
    check(pages == 3 and len(acls) == 3, "regional web ACLs over three pages")
    check([a["Name"] for a in waf.list_web_acls(Scope="CLOUDFRONT")["WebACLs"]] ==
          ["cdn-default-waf"], "CloudFront scope")
    summary = [a for a in acls if a["Name"] == "todo-list-aws-waf"][0]

    got = waf.get_web_acl(Name=summary["Name"], Scope="REGIONAL", Id=summary["Id"])
    acl, token = got["WebACL"], got["LockToken"]
    check(token == summary["LockToken"], "lock token")
    rules = {r["Name"]: r for r in acl["Rules"]}
    check(rules["AWS-AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
          ["Name"] == "AWSManagedRulesCommonRuleSet", "managed rule group")
    rate = rules["rate-limit-per-ip"]["Statement"]["RateBasedStatement"]
    check(rate == {"Limit": 2000, "AggregateKeyType": "IP"}, "rate-based rule: %r" % rate)
    ipsets = waf.list_ip_sets(Scope="REGIONAL")["IPSets"]
    blocklist = [i for i in ipsets if i["Name"] == "todo-list-aws-blocklist"][0]
    check(rules["block-listed-ips"]["Statement"]["IPSetReferenceStatement"]["ARN"] ==
          blocklist["ARN"], "IP set block rule")
    check("Block" in rules["block-listed-ips"]["Action"], "blocking action")

    # The prod stage of the API is protected by this web ACL.
    apig = client("apigateway")
    api_id = [a for a in apig.get_rest_apis()["items"] if a["name"] == "todo-list-aws"][0]["id"]
    prod_arn = "arn:aws:apigateway:%s::/restapis/%s/stages/prod" % (REGION, api_id)
    check(waf.get_web_acl_for_resource(ResourceArn=prod_arn)["WebACL"]["Name"] ==
          "todo-list-aws-waf", "web ACL for the prod stage")
    check("WebACL" not in waf.get_web_acl_for_resource(ResourceArn=prod_arn.replace("prod",
                                                                                     "staging")),
          "no web ACL for staging")
    expect_error("WAFInvalidParameterException", waf.get_web_acl_for_resource,
                 ResourceArn="arn:aws:s3:::not-a-supported-resource", contains="RESOURCE_ARN")

    # A full replacement guarded by the lock token; unknown statements stay verbatim.
    new_rules = [r for r in acl["Rules"] if r["Name"] != "block-listed-ips"]
    for r in new_rules:
        if r["Name"] == "rate-limit-per-ip":
            r["Statement"]["RateBasedStatement"]["Limit"] = 1500
    geo = {"Name": "block-countries", "Priority": 5,
           "Statement": {"GeoMatchStatement": {"CountryCodes": ["KP", "IR"]}},
           "Action": {"Block": {}},
           "VisibilityConfig": {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                                "MetricName": "block-countries"}}
    update = dict(Name=acl["Name"], Scope="REGIONAL", Id=acl["Id"],
                  DefaultAction=acl["DefaultAction"], VisibilityConfig=acl["VisibilityConfig"],
                  Rules=new_rules + [geo], Description="Tightened", LockToken=token)
    next_token = waf.update_web_acl(**update)["NextLockToken"]
    check(next_token != token, "a new lock token")
    after = waf.get_web_acl(Name=acl["Name"], Scope="REGIONAL", Id=acl["Id"])
    check(after["LockToken"] == next_token, "the new token is current")
    after_rules = {r["Name"]: r for r in after["WebACL"]["Rules"]}
    check(sorted(after_rules) == ["AWS-AWSManagedRulesCommonRuleSet", "block-countries",
                                  "rate-limit-per-ip"], "rules replaced")
    check(after_rules["block-countries"]["Statement"] == geo["Statement"], "kept verbatim")
    check(after_rules["rate-limit-per-ip"]["Statement"]["RateBasedStatement"]["Limit"] == 1500,
          "new rate limit")
    check(after["WebACL"]["Description"] == "Tightened", "description")

    # The old token is stale now.
    expect_error("WAFOptimisticLockException", waf.update_web_acl, **update,
                 contains="someone changed the resource")
    update["LockToken"] = next_token
    bad = dict(update, Rules=[dict(geo, Priority=1), dict(geo, Name="again", Priority=1)])
    expect_error("WAFInvalidParameterException", waf.update_web_acl, **bad,
                 contains="RULE_PRIORITY")
    bad = dict(update, Rules=[geo, dict(geo, Priority=9)])
    expect_error("WAFDuplicateItemException", waf.update_web_acl, **bad)
    low = json.loads(json.dumps(new_rules))
    [r for r in low if r["Name"] == "rate-limit-per-ip"][0]["Statement"][
        "RateBasedStatement"]["Limit"] = 5
    expect_error("WAFInvalidParameterException", client("wafv2", UNCHECKED).update_web_acl,
                 **dict(update, Rules=low), contains="RATE_BASED_STATEMENT, parameter: 5")
    missing = dict(update, Rules=[{"Name": "ghost", "Priority": 1, "Action": {"Block": {}},
                                   "Statement": {"IPSetReferenceStatement": {
                                       "ARN": blocklist["ARN"] + "x"}},
                                   "VisibilityConfig": geo["VisibilityConfig"]}])
    expect_error("WAFNonexistentItemException", waf.update_web_acl, **missing)
    check(waf.get_web_acl(Name=acl["Name"], Scope="REGIONAL", Id=acl["Id"])["LockToken"] ==
          next_token, "failed updates change nothing")
    expect_error("WAFNonexistentItemException", waf.get_web_acl, Name="nope", Scope="REGIONAL",
                 Id=acl["Id"], contains="doesn't exist")

    # IP sets.
    got = waf.get_ip_set(Name=blocklist["Name"], Scope="REGIONAL", Id=blocklist["Id"])
    check("203.0.113.0/24" in got["IPSet"]["Addresses"], "blocked range")
    set_token = got["LockToken"]
    new_token = waf.update_ip_set(Name=blocklist["Name"], Scope="REGIONAL", Id=blocklist["Id"],
                                  Addresses=["203.0.113.0/24", "100.64.1.9/32"],
                                  LockToken=set_token)["NextLockToken"]
    check(waf.get_ip_set(Name=blocklist["Name"], Scope="REGIONAL", Id=blocklist["Id"])["IPSet"]
          ["Addresses"] == ["203.0.113.0/24", "100.64.1.9/32"], "addresses replaced")
    expect_error("WAFOptimisticLockException", waf.update_ip_set, Name=blocklist["Name"],
                 Scope="REGIONAL", Id=blocklist["Id"], Addresses=[], LockToken=set_token)
    for address in ("10.0.0.300/32", "10.0.0.0", "10.0.0.0/33", "2001:db8::/64", "x/8"):
        expect_error("WAFInvalidParameterException", waf.update_ip_set, Name=blocklist["Name"],
                     Scope="REGIONAL", Id=blocklist["Id"], Addresses=[address],
                     LockToken=new_token, contains="IP_ADDRESS, parameter: " + address)
    v6 = [i for i in ipsets if i["Name"] == "scanner-blocklist-v6"][0]
    v6_token = waf.get_ip_set(Name=v6["Name"], Scope="REGIONAL", Id=v6["Id"])["LockToken"]
    waf.update_ip_set(Name=v6["Name"], Scope="REGIONAL", Id=v6["Id"],
                      Addresses=["2001:db8:beef::/48"], LockToken=v6_token)
    pages = 0
    marker = None
    while True:
        page = waf.list_ip_sets(Scope="REGIONAL", Limit=2, **({"NextMarker": marker}
                                                               if marker else {}))
        pages += 1
        marker = page.get("NextMarker")
        if not marker:
            break
    check(pages == 2, "IP sets over two pages")
    expect_error("WAFInvalidParameterException", waf.list_ip_sets, Scope="REGIONAL",
                 NextMarker="garbage")

    # Rate-limited addresses and sampled requests.
    keys = waf.get_rate_based_statement_managed_keys(Scope="REGIONAL", WebACLName=acl["Name"],
                                                     WebACLId=acl["Id"],
                                                     RuleName="rate-limit-per-ip")
    check(len(keys["ManagedKeysIPV4"]["Addresses"]) == 3 and
          all(a.endswith("/32") for a in keys["ManagedKeysIPV4"]["Addresses"]),
          "rate-limited addresses")
    expect_error("WAFNonexistentItemException", waf.get_rate_based_statement_managed_keys,
                 Scope="REGIONAL", WebACLName=acl["Name"], WebACLId=acl["Id"], RuleName="nope")
    expect_error("WAFInvalidParameterException", waf.get_rate_based_statement_managed_keys,
                 Scope="REGIONAL", WebACLName=acl["Name"], WebACLId=acl["Id"],
                 RuleName="block-countries")

    now = datetime.datetime.now(datetime.timezone.utc)
    window = {"StartTime": now - datetime.timedelta(hours=2), "EndTime": now}
    allowed = waf.get_sampled_requests(WebAclArn=acl["ARN"], RuleMetricName="todo-list-aws-waf",
                                       Scope="REGIONAL", TimeWindow=window, MaxItems=100)
    check(len(allowed["SampledRequests"]) == 100 and allowed["PopulationSize"] > 100,
          "sampled allowed requests")
    check(all(s["Action"] == "ALLOW" for s in allowed["SampledRequests"]), "allowed by default")
    limited = waf.get_sampled_requests(WebAclArn=acl["ARN"], RuleMetricName="rate-limit-per-ip",
                                       Scope="REGIONAL", TimeWindow=window, MaxItems=500)
    limited_ips = {a.split("/")[0] for a in keys["ManagedKeysIPV4"]["Addresses"]}
    check(len(limited["SampledRequests"]) > 0 and
          all(s["Action"] == "BLOCK" and s["Request"]["ClientIP"] in limited_ips
              for s in limited["SampledRequests"]), "requests blocked by the rate limit")
    managed = waf.get_sampled_requests(WebAclArn=acl["ARN"],
                                       RuleMetricName="AWS-AWSManagedRulesCommonRuleSet",
                                       Scope="REGIONAL", TimeWindow=window, MaxItems=500)
    check(all(s.get("RuleNameWithinRuleGroup") for s in managed["SampledRequests"]),
          "managed rule names")
    old = waf.get_sampled_requests(WebAclArn=acl["ARN"], RuleMetricName="todo-list-aws-waf",
                                   Scope="REGIONAL", MaxItems=10,
                                   TimeWindow={"StartTime": now - datetime.timedelta(hours=9),
                                               "EndTime": now})
    check(old["TimeWindow"]["StartTime"] >= now - datetime.timedelta(hours=3, minutes=1),
          "windows older than three hours are moved up")
    expect_error("WAFNonexistentItemException", waf.get_sampled_requests,
                 WebAclArn=acl["ARN"] + "x", RuleMetricName="x", Scope="REGIONAL",
                 TimeWindow=window, MaxItems=10)
    expect_error("WAFInvalidParameterException", waf.get_sampled_requests,
                 WebAclArn=acl["ARN"], RuleMetricName="todo-list-aws-waf", Scope="REGIONAL",
                 TimeWindow={"StartTime": now, "EndTime": now - datetime.timedelta(hours=1)},
                 MaxItems=10)


main()
