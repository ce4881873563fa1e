# services_awscli.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Debian's awscli (v2) against the sandbox, one or more calls for every
# operation of API Gateway, WAFv2, Lambda, CloudWatch and the Data API's
# batch and transaction calls, including paging done by the CLI itself and
# the documented errors. Two calls run at a time: the CLI takes about a
# second to start.

import concurrent.futures
import datetime
import json
import os
import subprocess
import sys

ENDPOINT = os.environ["PD_SANDBOX_ENDPOINT"]
ACCOUNT = os.environ["PD_SANDBOX_ACCOUNT_ID"]
REGION = "eu-west-1"
CLUSTER_ARN = "arn:aws:rds:%s:%s:cluster:todo-list-db" % (REGION, ACCOUNT)


def aws(*args, status=0, error=None):
    """Runs the CLI; returns parsed JSON output (or None)."""
    proc = subprocess.run(["/usr/bin/aws", "--endpoint-url", ENDPOINT, "--output", "json"] +
                          list(args), capture_output=True, text=True, timeout=120)
    if proc.returncode != status or (error is not None and error not in proc.stderr):
        raise AssertionError("aws %s: exit %d (expected %d), stderr: %s" %
                             (" ".join(args[:2]), proc.returncode, status, proc.stderr.strip()))
    return json.loads(proc.stdout) if proc.stdout.strip() else None


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def apigateway():
    apis = aws("apigateway", "get-rest-apis", "--page-size", "1")["items"]
    check(len(apis) == 4, "the CLI pages through every REST API")
    api_id = [a for a in apis if a["name"] == "todo-list-aws"][0]["id"]
    stages = aws("apigateway", "get-stages", "--rest-api-id", api_id)["item"]
    check(len(stages) == 2, "stages")
    stage = aws("apigateway", "get-stage", "--rest-api-id", api_id, "--stage-name", "staging")
    check(stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 50.0, "staging throttling")
    updated = aws("apigateway", "update-stage", "--rest-api-id", api_id, "--stage-name",
                  "staging", "--patch-operations",
                  "op=replace,path=/*/*/throttling/burstLimit,value=77",
                  "op=add,path=/variables/cli,value=yes")
    check(updated["methodSettings"]["*/*"]["throttlingBurstLimit"] == 77 and
          updated["variables"]["cli"] == "yes", "update-stage")
    aws("apigateway", "update-stage", "--rest-api-id", api_id, "--stage-name", "staging",
        "--patch-operations", "op=replace,path=/*/*/logging/loglevel,value=LOUD",
        status=254, error="BadRequestException")
    aws("apigateway", "get-stage", "--rest-api-id", api_id, "--stage-name", "nope",
        status=254, error="NotFoundException")
    authorizers = aws("apigateway", "get-authorizers", "--rest-api-id", api_id)["items"]
    check({a["type"] for a in authorizers} == {"TOKEN", "REQUEST"}, "authorizers")
    resources = aws("apigateway", "get-resources", "--rest-api-id", api_id, "--embed",
                    "methods", "--page-size", "2")["items"]
    check(len(resources) == 4 and any("resourceMethods" in r and
                                      "GET" in r["resourceMethods"] for r in resources),
          "the CLI pages through resources with their methods")
    return "apigateway"


def wafv2():
    acls = aws("wafv2", "list-web-acls", "--scope", "REGIONAL", "--limit", "2")
    check(len(acls["WebACLs"]) == 2 and "NextMarker" in acls, "first page of web ACLs")
    rest = aws("wafv2", "list-web-acls", "--scope", "REGIONAL", "--next-marker",
               acls["NextMarker"])
    check(len(rest["WebACLs"]) == 1, "second page of web ACLs")
    summary = [a for a in acls["WebACLs"] + rest["WebACLs"] if a["Name"] == "todo-list-aws-waf"][0]
    got = aws("wafv2", "get-web-acl", "--scope", "REGIONAL", "--name", summary["Name"], "--id",
              summary["Id"])
    acl = got["WebACL"]
    rules = json.dumps(acl["Rules"])
    common = ["--scope", "REGIONAL", "--name", acl["Name"], "--id", acl["Id"],
              "--default-action", json.dumps(acl["DefaultAction"]),
              "--visibility-config", json.dumps(acl["VisibilityConfig"]), "--rules", rules]
    token = aws("wafv2", "update-web-acl", *common, "--lock-token", got["LockToken"])
    check(token["NextLockToken"] != got["LockToken"], "update-web-acl")
    aws("wafv2", "update-web-acl", *common, "--lock-token", got["LockToken"],
        status=254, error="WAFOptimisticLockException")

    apis = aws("apigateway", "get-rest-apis")["items"]
    api_id = [a for a in apis if a["name"] == "todo-list-aws"][0]["id"]
    prod = "arn:aws:apigateway:%s::/restapis/%s/stages/prod" % (REGION, api_id)
    check(aws("wafv2", "get-web-acl-for-resource", "--resource-arn", prod)["WebACL"]["Id"] ==
          acl["Id"], "get-web-acl-for-resource")
    aws("wafv2", "get-web-acl", "--scope", "REGIONAL", "--name", "nope", "--id", acl["Id"],
        status=254, error="WAFNonexistentItemException")
    return "wafv2-acl"


def wafv2_sets():
    acls = aws("wafv2", "list-web-acls", "--scope", "REGIONAL")["WebACLs"]
    acl = [a for a in acls if a["Name"] == "todo-list-aws-waf"][0]
    sets = aws("wafv2", "list-ip-sets", "--scope", "REGIONAL")["IPSets"]
    blocklist = [s for s in sets if s["Name"] == "todo-list-aws-blocklist"][0]
    ipset = aws("wafv2", "get-ip-set", "--scope", "REGIONAL", "--name", blocklist["Name"],
                "--id", blocklist["Id"])
    args = ["--scope", "REGIONAL", "--name", blocklist["Name"], "--id", blocklist["Id"]]
    aws("wafv2", "update-ip-set", *args, "--addresses", "10.1.2.3/32", "300.1.1.1/32",
        "--lock-token", ipset["LockToken"], status=254, error="WAFInvalidParameterException")
    aws("wafv2", "update-ip-set", *args, "--addresses", "10.1.2.3/32", "--lock-token",
        ipset["LockToken"])

    now = datetime.datetime.now(datetime.timezone.utc)
    window = "StartTime=%s,EndTime=%s" % ((now - datetime.timedelta(hours=1)).isoformat(),
                                          now.isoformat())
    sampled = aws("wafv2", "get-sampled-requests", "--web-acl-arn", acl["ARN"],
                  "--rule-metric-name", "todo-list-aws-waf", "--scope", "REGIONAL",
                  "--time-window", window, "--max-items", "20")
    check(len(sampled["SampledRequests"]) == 20, "get-sampled-requests")
    keys = aws("wafv2", "get-rate-based-statement-managed-keys", "--scope", "REGIONAL",
               "--web-acl-name", acl["Name"], "--web-acl-id", acl["Id"], "--rule-name",
               "rate-limit-per-ip")
    check(len(keys["ManagedKeysIPV4"]["Addresses"]) == 3, "managed keys")
    return "wafv2-sets"


def lambda_and_metrics():
    functions = aws("lambda", "list-functions", "--page-size", "5")["Functions"]
    check(len(functions) == 12, "the CLI pages through every function")
    aws("lambda", "list-functions", "--no-paginate", "--marker", "garbage", status=254,
        error="InvalidParameterValueException")
    end = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
    queries = json.dumps([{"Id": "inv", "MetricStat": {
        "Metric": {"Namespace": "AWS/Lambda", "MetricName": "Invocations",
                   "Dimensions": [{"Name": "FunctionName", "Value": "todos-get"}]},
        "Period": 300, "Stat": "Sum"}}])
    data = aws("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
               "--start-time", (end - datetime.timedelta(hours=24)).isoformat(),
               "--end-time", end.isoformat(), "--page-size", "50")
    values = [v for r in data["MetricDataResults"] if r["Id"] == "inv" for v in r["Values"]]
    check(len(values) >= 270, "the CLI pages through metrics (%d)" % len(values))
    aws("cloudwatch", "get-metric-data", "--metric-data-queries", queries.replace("300", "90"),
        "--start-time", (end - datetime.timedelta(hours=1)).isoformat(), "--end-time",
        end.isoformat(), status=254, error="ValidationError")
    return "lambda cloudwatch"


def data_api():
    secrets = aws("secretsmanager", "list-secrets")["SecretList"]
    secret_arn = [s for s in secrets if s["Name"] == "todo-list-db/master"][0]["ARN"]
    base = ["--resource-arn", CLUSTER_ARN, "--secret-arn", secret_arn]
    tx = aws("rds-data", "begin-transaction", *base, "--database", "todo")["transactionId"]
    aws("rds-data", "batch-execute-statement", *base, "--transaction-id", tx, "--sql",
        "INSERT INTO tags (name) VALUES (:n)", "--parameter-sets",
        json.dumps([[{"name": "n", "value": {"stringValue": "cli-%d" % i}}] for i in range(3)]))
    check(aws("rds-data", "rollback-transaction", *base, "--transaction-id", tx)
          ["transactionStatus"] == "Rollback Complete", "rollback-transaction")
    tx = aws("rds-data", "begin-transaction", *base)["transactionId"]
    aws("rds-data", "execute-statement", *base, "--transaction-id", tx, "--sql",
        "INSERT INTO tags (name) VALUES ('cli-kept')")
    check(aws("rds-data", "commit-transaction", *base, "--transaction-id", tx)
          ["transactionStatus"] == "Transaction Committed", "commit-transaction")
    names = aws("rds-data", "execute-statement", *base, "--sql",
                "SELECT name FROM tags WHERE name LIKE 'cli-%' ORDER BY name",
                "--format-records-as", "JSON")
    check(json.loads(names["formattedRecords"]) == [{"name": "cli-kept"}],
          "only the committed row: %s" % names["formattedRecords"])
    aws("rds-data", "commit-transaction", *base, "--transaction-id", tx, status=254,
        error="NotFoundException")
    return "rds-data"


def main():
    known = {"apigateway": apigateway, "wafv2-acl": wafv2, "wafv2-sets": wafv2_sets,
             "lambda-cloudwatch": lambda_and_metrics,
             "rds-data": data_api}
    jobs = [known[name] for name in sys.argv[1:]] or list(known.values())
    done = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for future in concurrent.futures.as_completed([pool.submit(job) for job in jobs]):
            try:
                done.append(future.result())
            except AssertionError as e:
                sys.exit("FAILED: %s" % e)
    print("services_awscli: %s checked" % ", ".join(sorted(done)))


main()
