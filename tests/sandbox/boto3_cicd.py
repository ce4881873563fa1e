# boto3_cicd.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# boto3 against CodeBuild, CodeCommit and CloudWatch Logs of the sandbox:
# builds of the seeded history, their logs paged both ways, filters, log
# streams, projects, branches and commits, and the documented errors.

from sandbox_checks import check, client, done, expect_error, failing_action

cp = client("codepipeline")
cb = client("codebuild")
cc = client("codecommit")
logs = client("logs")

runs = cp.list_pipeline_executions(pipelineName="todo-list-aws")["pipelineExecutionSummaries"]
latest = runs[0]
details = cp.list_action_executions(pipelineName="todo-list-aws",
                                    filter={"pipelineExecutionId": latest["pipelineExecutionId"]},
                                    maxResults=100)["actionExecutionDetails"]
build_ids = [d["output"]["executionResult"]["externalExecutionId"] for d in details
             if d["input"]["actionTypeId"]["provider"] == "CodeBuild"]
check(len(build_ids) >= 2, "history run has builds")

# BatchGetBuilds.
reply = cb.batch_get_builds(ids=build_ids + ["todo-list-aws-package:00000000-0000-4000-8000-000000000000"])
check(len(reply["builds"]) == len(build_ids), "builds found")
check(reply["buildsNotFound"] == ["todo-list-aws-package:00000000-0000-4000-8000-000000000000"],
      "unknown build reported")
for build in reply["builds"]:
    check(build["buildComplete"] and build["buildStatus"] in ("SUCCEEDED", "FAILED"), "complete build")
    phases = [p["phaseType"] for p in build["phases"]]
    check(phases[:4] == ["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE"]
          and phases[-1] == "COMPLETED", "phases in order: %s" % phases)
    check(all("durationInSeconds" in p for p in build["phases"][:-1]), "phase durations")
    check(build["logs"]["groupName"] == "/aws/codebuild/" + build["projectName"], "log group")
    check(build["id"].endswith(build["logs"]["streamName"]), "log stream is the build UUID")
expect_error("InvalidInputException", cb.batch_get_builds, ids=[])

# BatchGetProjects and ListBuildsForProject.
projects = cb.batch_get_projects(names=["todo-list-aws-unit-tests", "todo-list-infra-plan", "nope"])
check(sorted(p["name"] for p in projects["projects"]) ==
      ["todo-list-aws-unit-tests", "todo-list-infra-plan"], "projects found")
check(projects["projectsNotFound"] == ["nope"], "unknown project reported")
expect_error("InvalidInputException", cb.batch_get_projects, names=[])
ids = cb.list_builds_for_project(projectName="todo-list-aws-unit-tests")["ids"]
check(len(ids) >= 20, "one unit-test build per run")
ascending = cb.list_builds_for_project(projectName="todo-list-aws-unit-tests",
                                       sortOrder="ASCENDING")["ids"]
check(ascending == list(reversed(ids)), "sort orders")
expect_error("ResourceNotFoundException", cb.list_builds_for_project, projectName="ghost")
expect_error("InvalidInputException", cb.list_builds_for_project,
             projectName="todo-list-aws-unit-tests", nextToken="bad")
expect_error("InvalidInputException", cb.list_builds_for_project,
             projectName="todo-list-aws-unit-tests", sortOrder="SIDEWAYS")

# CodeCommit: the branch head and the commits of the runs.
branch = cc.get_branch(repositoryName="todo-list-aws", branchName="main")["branch"]
check(branch["commitId"] == latest["sourceRevisions"][0]["revisionId"], "branch head is the last run")
commit = cc.get_commit(repositoryName="todo-list-aws", commitId=branch["commitId"])["commit"]
check(commit["message"] == latest["sourceRevisions"][0]["revisionSummary"], "commit message")
check(len(commit["parents"]) == 1 and commit["author"]["email"].endswith("@todo-list.example"),
      "commit parents and author")
parent = cc.get_commit(repositoryName="todo-list-aws", commitId=commit["parents"][0])["commit"]
check(parent["message"] == runs[1]["sourceRevisions"][0]["revisionSummary"], "parent is run before")
expect_error("RepositoryNameRequiredException", cc.get_branch, branchName="main")
expect_error("RepositoryDoesNotExistException", cc.get_branch, repositoryName="ghost",
             branchName="main")
expect_error("InvalidRepositoryNameException", cc.get_branch, repositoryName="bad name",
             branchName="main")
expect_error("BranchNameRequiredException", cc.get_branch, repositoryName="todo-list-aws")
expect_error("BranchDoesNotExistException", cc.get_branch, repositoryName="todo-list-aws",
             branchName="develop")
expect_error("CommitIdRequiredException", cc.get_commit, repositoryName="todo-list-aws")
expect_error("InvalidCommitIdException", cc.get_commit, repositoryName="todo-list-aws",
             commitId="xyz")
expect_error("CommitIdDoesNotExistException", cc.get_commit, repositoryName="todo-list-aws",
             commitId="0" * 40)

# GetLogEvents: forward from the head, backward from the tail, same lines.
unit = cb.batch_get_builds(ids=[ids[0]])["builds"][0]
group, stream = unit["logs"]["groupName"], unit["logs"]["streamName"]
forward = []
page = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True, limit=7)
pages = 1
while page["events"]:
    forward += page["events"]
    token = page["nextForwardToken"]
    page = logs.get_log_events(logGroupName=group, logStreamName=stream, nextToken=token, limit=7)
    pages += 1
check(page["nextForwardToken"] == token, "same forward token at the end")
check(pages > 5 and len(forward) > 40, "forward paging over pages (%d lines)" % len(forward))
backward = []
page = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=False, limit=9)
while page["events"]:
    backward = page["events"] + backward
    token = page["nextBackwardToken"]
    page = logs.get_log_events(logGroupName=group, logStreamName=stream, nextToken=token, limit=9)
check(page["nextBackwardToken"] == token, "same backward token at the start")
check([e["message"] for e in backward] == [e["message"] for e in forward], "both ways agree")
check(all(forward[i]["timestamp"] <= forward[i + 1]["timestamp"] for i in range(len(forward) - 1)),
      "events in time order")
text = "\n".join(e["message"] for e in forward)
check("[Container]" in text and "pip install" in text and "hypothesis" in text.lower(),
      "buildspec log content")
check("TOTAL" in text or "Falsifying example" in text, "coverage table or falsifying example")
tail = logs.get_log_events(logGroupName=group, logStreamName=stream, limit=3)["events"]
check([e["message"] for e in tail] == [e["message"] for e in forward[-3:]], "default is the tail")
window = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True,
                             startTime=forward[10]["timestamp"],
                             endTime=forward[20]["timestamp"])["events"]
check(window and all(forward[10]["timestamp"] <= e["timestamp"] < forward[20]["timestamp"]
                     for e in window), "startTime/endTime window")
expect_error("ResourceNotFoundException", logs.get_log_events, logGroupName="/aws/codebuild/ghost",
             logStreamName=stream)
expect_error("ResourceNotFoundException", logs.get_log_events, logGroupName=group,
             logStreamName="ghost")
expect_error("InvalidParameterException", logs.get_log_events, logGroupName=group,
             logStreamName=stream, nextToken="x/1")
expect_error("InvalidParameterException", logs.get_log_events, logGroupName=group,
             logStreamName=stream, limit=10001)

# FilterLogEvents: terms, phrases, alternatives, paging.
found = logs.filter_log_events(logGroupName=group, logStreamNames=[stream],
                               filterPattern='"Phase complete"')["events"]
check(found and all("Phase complete" in e["message"] for e in found), "quoted phrase")
both = logs.filter_log_events(logGroupName=group, logStreamNames=[stream],
                              filterPattern="Phase SUCCEEDED")["events"]
check(both and all("Phase" in e["message"] and "SUCCEEDED" in e["message"] for e in both),
      "all plain terms")
either = logs.filter_log_events(logGroupName=group, logStreamNames=[stream],
                                filterPattern="?Collecting ?Downloading")["events"]
check(any("Collecting" in e["message"] for e in either) and
      any("Downloading" in e["message"] for e in either) and
      all("Collecting" in e["message"] or "Downloading" in e["message"] for e in either),
      "? alternatives")
paged = []
for p in logs.get_paginator("filter_log_events").paginate(
        logGroupName=group, filterPattern="Container", PaginationConfig={"PageSize": 10}):
    paged += p["events"]
check(len(paged) > 20 and len({e["eventId"] for e in paged}) == len(paged),
      "filter paging over streams with distinct event IDs")
expect_error("InvalidParameterException", logs.filter_log_events, logGroupName=group,
             filterPattern='"unterminated')

# A seeded failing unit-test run shows the Hypothesis falsifying example.
failing = [r for r, e in zip(range(len(runs), 0, -1), runs)
           if failing_action("todo-list-aws", r) == "UnitTests"]
if failing:
    hits = logs.filter_log_events(logGroupName="/aws/codebuild/todo-list-aws-unit-tests",
                                  filterPattern='"Falsifying example"')["events"]
    check(len(hits) >= len(failing), "falsifying example logged for each failing run")
security = [r for r in range(1, len(runs) + 1) if failing_action("todo-list-aws", r) == "Security"]
if security:
    hits = logs.filter_log_events(logGroupName="/aws/codebuild/todo-list-aws-security",
                                  filterPattern='"Medium Severity"')["events"]
    check(len(hits) >= len(security), "snyk medium severity logged for each failing run")

# DescribeLogStreams.
streams = []
pages = 0
for p in logs.get_paginator("describe_log_streams").paginate(
        logGroupName=group, PaginationConfig={"PageSize": 4}):
    streams += p["logStreams"]
    pages += 1
check(pages >= 5 and len(streams) >= 20, "log streams over pages")
check([s["logStreamName"] for s in streams] == sorted(s["logStreamName"] for s in streams),
      "ordered by name")
by_time = logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime",
                                    descending=True, limit=3)["logStreams"]
check(by_time[0]["lastEventTimestamp"] >= by_time[1]["lastEventTimestamp"], "by last event")
expect_error("InvalidParameterException", logs.describe_log_streams, logGroupName=group,
             orderBy="LastEventTime", logStreamNamePrefix="a")
expect_error("ResourceNotFoundException", logs.describe_log_streams, logGroupName="/nope")
expect_error("InvalidParameterException", logs.describe_log_streams, logGroupName=group, limit=51)

done()
