/* test-protocol-sniff.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"

/* The response parser picks its reader from the protocol and the body, never
 * from the Content-Type: local emulators label JSON as text/html, proxies
 * label HTML as JSON. Every case below runs once per label, and must give the
 * same answer for all of them. */

static const char * const content_types[] = {
  NULL,
  "text/html; charset=utf-8",
  "text/html",
  "text/plain",
  "application/octet-stream",
  "application/x-amz-json-1.1",
  "application/json",
  "text/xml",
  "no/such type;;=",
};

#define BOM "\xef\xbb\xbf"

typedef struct
{
  const char *name;
  const char *service;
  const char *operation;
  guint       status;
  /* extra response headers, name and value alternating */
  const char *headers[5];
  const char *body;
  /* the body's length when it holds NUL bytes, else 0 */
  gsize       length;

  /* the result expected, as JSON; NULL when an error is expected */
  const char *result;
  /* the error expected: its code, AWS code (NULL for none), two parts
   * of the message, a part the message must not hold, and the request ID */
  int         code;
  const char *aws_code;
  const char *message_part;
  const char *message_part2;
  const char *message_absent;
  const char *request_id;
} SniffCase;

#define RID(id) { "x-amzn-RequestId", id, NULL }
#define A40 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

static const SniffCase cases[] = {
  /* ---- JSON results, whatever the label ---- */
  { .name = "json-result", .service = "codepipeline", .operation = "ListPipelines",
    .status = 200, .headers = RID ("rid-1"),
    .body = "{\"pipelines\":[{\"name\":\"todo-list-aws\",\"version\":3}],\"nextToken\":\"t\"}",
    .result = "{\"pipelines\":[{\"name\":\"todo-list-aws\",\"version\":3}],\"nextToken\":\"t\"}" },
  { .name = "json-result-201", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 201, .body = "{\"builds\":[],\"buildsNotFound\":[\"b:1\"]}",
    .result = "{\"builds\":[],\"buildsNotFound\":[\"b:1\"]}" },
  { .name = "json-result-bom-space", .service = "wafv2", .operation = "ListWebACLs",
    .status = 200, .body = BOM " \r\n\t{\"WebACLs\":[],\"NextMarker\":\"n\"}\n",
    .result = "{\"WebACLs\":[],\"NextMarker\":\"n\"}" },
  { .name = "rest-json-result", .service = "apigateway", .operation = "GetRestApis",
    .status = 200, .body = "{\"item\":[{\"id\":\"a1\",\"name\":\"todo\"}],\"position\":\"p2\"}",
    .result = "{\"items\":[{\"id\":\"a1\",\"name\":\"todo\"}],\"position\":\"p2\"}" },
  { .name = "rest-json-result-lambda", .service = "lambda", .operation = "ListFunctions",
    .status = 200, .body = "\n{\"Functions\":[{\"FunctionName\":\"f\",\"MemorySize\":128}]}",
    .result = "{\"Functions\":[{\"FunctionName\":\"f\",\"MemorySize\":128}]}" },
  { .name = "rest-json-result-data", .service = "rds-data", .operation = "ExecuteStatement",
    .status = 200, .body = "{\"records\":[[{\"longValue\":1},{\"isNull\":true}]]}",
    .result = "{\"records\":[[{\"longValue\":1},{\"isNull\":true}]]}" },

  /* ---- a query service answering JSON ---- */
  { .name = "query-json-wrapped", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200,
    .body = "{\"GetCallerIdentityResponse\":{\"GetCallerIdentityResult\":"
            "{\"Arn\":\"arn:aws:iam::123456789012:user/dev\",\"UserId\":\"AIDAEXAMPLE\","
            "\"Account\":123456789012},\"ResponseMetadata\":{\"RequestId\":\"r-1\"}}}",
    .result = "{\"Arn\":\"arn:aws:iam::123456789012:user/dev\",\"UserId\":\"AIDAEXAMPLE\","
              "\"Account\":\"123456789012\"}" },
  { .name = "query-json-result-only", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200,
    .body = "{\"GetCallerIdentityResult\":{\"Arn\":\"a\",\"UserId\":\"u\",\"Account\":\"1\"}}",
    .result = "{\"Arn\":\"a\",\"UserId\":\"u\",\"Account\":\"1\"}" },
  { .name = "query-json-bare", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = BOM "{\"Arn\":\"a\",\"UserId\":\"u\",\"Account\":\"1\"}",
    .result = "{\"Arn\":\"a\",\"UserId\":\"u\",\"Account\":\"1\"}" },
  { .name = "query-json-no-result", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200,
    .body = "{\"GetCallerIdentityResponse\":{\"ResponseMetadata\":{\"RequestId\":\"r\"}}}",
    .result = "{}" },
  /* what an XML-to-JSON converter makes of the XML answer: attributes as
   * "@name", one list item as an object, empty elements as null */
  { .name = "query-json-converted-xml", .service = "rds", .operation = "DescribeDBClusters",
    .status = 200,
    .body = "{\"DescribeDBClustersResponse\":"
            "{\"@xmlns\":\"http://rds.amazonaws.com/doc/2014-10-31/\","
            "\"DescribeDBClustersResult\":{\"Marker\":\"m2\",\"DBClusters\":{\"DBCluster\":"
            "{\"DBClusterIdentifier\":\"db\",\"Port\":\"5432\",\"DBClusterMembers\":"
            "{\"DBClusterMember\":[{\"DBInstanceIdentifier\":\"i1\"},"
            "{\"DBInstanceIdentifier\":\"i2\"}]},\"AvailabilityZones\":null,"
            "\"TagList\":{\"Tag\":{\"Key\":\"a&b\",\"Value\":null}}}}},"
            "\"ResponseMetadata\":{\"RequestId\":\"r-2\"}}}",
    .result = "{\"Marker\":\"m2\",\"DBClusters\":[{\"DBClusterIdentifier\":\"db\","
              "\"Port\":\"5432\",\"DBClusterMembers\":[{\"DBInstanceIdentifier\":\"i1\"},"
              "{\"DBInstanceIdentifier\":\"i2\"}],\"AvailabilityZones\":[],"
              "\"TagList\":[{\"Key\":\"a&b\",\"Value\":\"\"}]}]}" },
  /* JSON with its own types: scalars become the strings XML would carry */
  { .name = "query-json-typed", .service = "rds", .operation = "DescribeDBClusters",
    .status = 200,
    .body = "{\"DBClusters\":[{\"DBClusterIdentifier\":\"db\",\"Port\":5432,"
            "\"HttpEndpointEnabled\":true,\"AvailabilityZones\":[\"eu-west-1a\"],"
            "\"TagList\":[]}],\"Marker\":null}",
    .result = "{\"DBClusters\":[{\"DBClusterIdentifier\":\"db\",\"Port\":\"5432\","
              "\"HttpEndpointEnabled\":\"true\",\"AvailabilityZones\":[\"eu-west-1a\"],"
              "\"TagList\":[]}],\"Marker\":\"\"}" },
  { .name = "query-json-members", .service = "cloudwatch", .operation = "GetMetricData",
    .status = 200,
    .body = "{\"GetMetricDataResponse\":{\"GetMetricDataResult\":{\"MetricDataResults\":"
            "{\"member\":[{\"Id\":\"m1\",\"Timestamps\":{\"member\":[\"2015-08-30T00:00:00Z\","
            "\"2015-08-30T00:05:00Z\"]},\"Values\":{\"member\":[0.1,2.5]},"
            "\"StatusCode\":\"Complete\"}]},\"Messages\":null}}}",
    .result = "{\"MetricDataResults\":[{\"Id\":\"m1\",\"Timestamps\":"
              "[\"2015-08-30T00:00:00Z\",\"2015-08-30T00:05:00Z\"],\"Values\":[\"0.1\",\"2.5\"],"
              "\"StatusCode\":\"Complete\"}],\"Messages\":[]}" },
  { .name = "query-json-wrong-wrapper", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "{\"AssumeRoleResponse\":{\"AssumeRoleResult\":{}}}",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Unexpected JSON response",
    .message_part2 = "AssumeRoleResponse" },
  { .name = "query-json-wrapper-control", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "{\"GetCaller\\u0012IdentityResponse\":{}}",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Unexpected JSON response" },
  { .name = "query-json-wrapper-long", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "{\"" A40 A40 A40 "Response\":{}}",
    .code = PD_AWS_ERROR_PARSE, .message_part = "“" A40 A40 "…” instead",
    .message_absent = A40 A40 "AR" },
  { .name = "query-json-array", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "[]", .code = PD_AWS_ERROR_PARSE, .message_part = "not an object" },

  /* ---- JSON errors ---- */
  { .name = "json-error-type-prefix", .service = "codepipeline", .operation = "GetPipeline",
    .status = 400, .headers = RID ("rid-2"),
    .body = "{\"__type\":\"com.amazonaws.codepipeline#PipelineNotFoundException\","
            "\"message\":\"no such pipeline\"}",
    .code = PD_AWS_ERROR_NOT_FOUND, .aws_code = "PipelineNotFoundException",
    .message_part = "no such pipeline", .request_id = "rid-2" },
  { .name = "json-error-type-Message", .service = "logs", .operation = "GetLogEvents",
    .status = 400, .body = BOM "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}",
    .code = PD_AWS_ERROR_THROTTLED, .aws_code = "ThrottlingException",
    .message_part = "Rate exceeded" },
  { .name = "json-error-in-200", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 200, .headers = RID ("rid-3"),
    .body = "{\"__type\":\"ValidationException\",\"message\":\"1 validation error\"}",
    .code = PD_AWS_ERROR_VALIDATION, .aws_code = "ValidationException",
    .message_part = "1 validation error", .request_id = "rid-3" },
  { .name = "json-error-5xx", .service = "wafv2", .operation = "ListWebACLs", .status = 500,
    .body = "{\"__type\":\"com.amazonaws.wafv2#WAFInternalErrorException\","
            "\"Message\":\"internal\"}",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "WAFInternalErrorException",
    .message_part = "internal" },
  { .name = "rest-json-error-code", .service = "rds-data", .operation = "ExecuteStatement",
    .status = 400, .body = "{\"code\":\"BadRequestException\",\"message\":\"bad sql\"}",
    .code = PD_AWS_ERROR_VALIDATION, .aws_code = "BadRequestException",
    .message_part = "bad sql" },
  { .name = "rest-json-error-header", .service = "apigateway", .operation = "GetStage",
    .status = 404,
    .headers = { "x-amzn-ErrorType", "NotFoundException:http://internal.amazon.com/coral/",
                 "x-amzn-RequestId", "rid-4", NULL },
    .body = "{\"message\":\"Invalid stage identifier specified\"}",
    .code = PD_AWS_ERROR_NOT_FOUND, .aws_code = "NotFoundException",
    .message_part = "Invalid stage identifier", .request_id = "rid-4" },
  { .name = "rest-json-error-5xx", .service = "lambda", .operation = "ListFunctions",
    .status = 503, .headers = { "x-amzn-ErrorType", "ServiceException", NULL },
    .body = "{\"Type\":\"Service\",\"message\":\"try later\"}",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "ServiceException", .message_part = "try later" },
  { .name = "query-json-error-type", .service = "sts", .operation = "GetCallerIdentity",
    .status = 403, .headers = RID ("rid-5"),
    .body = "{\"__type\":\"com.amazonaws.sts#ExpiredTokenException\","
            "\"message\":\"The security token included in the request is expired\"}",
    .code = PD_AWS_ERROR_EXPIRED_TOKEN, .aws_code = "ExpiredTokenException",
    .message_part = "security token", .request_id = "rid-5" },
  { .name = "query-json-error-nested", .service = "sts", .operation = "GetCallerIdentity",
    .status = 403, .headers = RID ("header-id"),
    .body = "{\"Error\":{\"Type\":\"Sender\",\"Code\":\"InvalidClientTokenId\","
            "\"Message\":\"The security token included in the request is invalid.\"},"
            "\"RequestId\":\"body-id\"}",
    .code = PD_AWS_ERROR_AUTH, .aws_code = "InvalidClientTokenId", .message_part = "invalid",
    .request_id = "body-id" },
  { .name = "query-json-error-response", .service = "rds", .operation = "DescribeDBClusters",
    .status = 404,
    .body = "{\"ErrorResponse\":{\"Error\":{\"Code\":\"DBClusterNotFoundFault\","
            "\"Message\":\"DBCluster db not found.\"},\"RequestId\":\"r-10\"}}",
    .code = PD_AWS_ERROR_NOT_FOUND, .aws_code = "DBClusterNotFoundFault",
    .message_part = "not found", .request_id = "r-10" },
  { .name = "query-json-error-errors", .service = "rds", .operation = "DescribeDBClusters",
    .status = 400,
    .body = "{\"Response\":{\"Errors\":{\"Error\":{\"Code\":\"AuthFailure\",\"Message\":\"no\"}},"
            "\"RequestID\":\"e-1\"}}",
    .code = PD_AWS_ERROR_AUTH, .aws_code = "AuthFailure", .message_part = "no",
    .request_id = "e-1" },
  { .name = "query-json-error-in-200", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200,
    .body = "{\"ErrorResponse\":{\"Error\":{\"Code\":\"Throttling\",\"Message\":\"Rate exceeded\"},"
            "\"RequestId\":\"r-11\"}}",
    .code = PD_AWS_ERROR_THROTTLED, .aws_code = "Throttling", .message_part = "Rate exceeded",
    .request_id = "r-11" },
  { .name = "query-json-error-type-in-200", .service = "cloudwatch",
    .operation = "GetMetricData", .status = 200,
    .body = "{\"__type\":\"com.amazonaws.monitoring#InvalidParameterValue\","
            "\"message\":\"bad period\"}",
    .code = PD_AWS_ERROR_VALIDATION, .aws_code = "InvalidParameterValue",
    .message_part = "bad period" },
  { .name = "query-json-error-5xx", .service = "cloudwatch", .operation = "ListMetrics",
    .status = 503, .body = "{\"__type\":\"ServiceUnavailable\",\"message\":\"later\"}",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "ServiceUnavailable", .message_part = "later" },

  /* ---- XML errors, from any protocol ---- */
  { .name = "json-xml-error", .service = "codepipeline", .operation = "ListPipelines",
    .status = 400, .headers = RID ("header-id"),
    .body = "<ErrorResponse><Error><Code>AccessDeniedException</Code>"
            "<Message>denied</Message></Error><RequestId>x-1</RequestId></ErrorResponse>",
    .code = PD_AWS_ERROR_ACCESS_DENIED, .aws_code = "AccessDeniedException",
    .message_part = "denied", .request_id = "x-1" },
  { .name = "rest-json-xml-error-prolog", .service = "apigateway", .operation = "GetStage",
    .status = 403,
    .body = BOM "\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
            "<Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
            "<Message>The request signature does not match</Message></Error>"
            "<RequestId>x-2</RequestId></ErrorResponse>\n",
    .code = PD_AWS_ERROR_AUTH, .aws_code = "SignatureDoesNotMatch",
    .message_part = "signature does not match", .request_id = "x-2" },
  { .name = "json-xml-error-in-200", .service = "logs", .operation = "GetLogEvents",
    .status = 200,
    .body = "<ErrorResponse><Error><Code>ThrottlingException</Code><Message>slow down</Message>"
            "</Error></ErrorResponse>",
    .code = PD_AWS_ERROR_THROTTLED, .aws_code = "ThrottlingException",
    .message_part = "slow down" },
  { .name = "rest-json-xml-errors-5xx", .service = "lambda", .operation = "ListFunctions",
    .status = 500, .headers = RID ("rid-6"),
    .body = "  <Response><Errors><Error><Code>InternalFailure</Code><Message>oops</Message>"
            "</Error></Errors></Response>",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "InternalFailure", .message_part = "oops",
    .request_id = "rid-6" },
  { .name = "query-xml-error", .service = "sts", .operation = "GetCallerIdentity",
    .status = 403, .headers = RID ("header-id"),
    .body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
            "  <Error><Type>Sender</Type><Code>ExpiredToken</Code>"
            "<Message>The security token included in the request is expired</Message></Error>\n"
            "  <RequestId>c6104cbe-af31</RequestId>\n</ErrorResponse>",
    .code = PD_AWS_ERROR_EXPIRED_TOKEN, .aws_code = "ExpiredToken",
    .message_part = "security token", .request_id = "c6104cbe-af31" },
  { .name = "json-xml-not-error-5xx", .service = "wafv2", .operation = "ListWebACLs",
    .status = 502, .body = "<Other><Thing/></Other>",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "502", .message_part = "unreadable XML" },
  { .name = "json-xml-not-error-200", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 200, .body = "<BatchGetBuildsResponse/>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "XML", .message_part2 = "JSON" },
  { .name = "query-xml-result", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200,
    .body = BOM "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn>"
            "<UserId>u</UserId><Account>1</Account></GetCallerIdentityResult>"
            "</GetCallerIdentityResponse>",
    .result = "{\"Arn\":\"a\",\"UserId\":\"u\",\"Account\":\"1\"}" },

  /* ---- HTML pages: a proxy or a captive portal ---- */
  { .name = "html-title-json", .service = "codepipeline", .operation = "ListPipelines",
    .status = 200,
    .body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Hotel Wi-Fi Login</title></head><body><form>…</form></body></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Received an HTML page instead of an AWS "
    "response (HTTP 200, “Hotel Wi-Fi Login”); a proxy or captive portal may be in the way" },
  { .name = "html-title-entities", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200,
    .body = "<html><head><titlebar>no</titlebar><TITLE lang=\"en\">\n   \n  Tom &amp; Jerry&#39;s"
            "\t &lt;Caf&#xE9;&gt;&nbsp;Wi-Fi&quot;\n  second line\n</TITLE></head></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "(HTTP 200, “Tom & Jerry's <Café> Wi-Fi\"”)",
    .message_absent = "second line" },
  { .name = "html-no-title", .service = "rds-data", .operation = "ExecuteStatement",
    .status = 200, .body = "<html><body>Sign in to the network</body></html>",
    .code = PD_AWS_ERROR_PARSE,
    .message_part = "Received an HTML page instead of an AWS response (HTTP 200); a proxy" },
  { .name = "html-empty-title", .service = "lambda", .operation = "ListFunctions",
    .status = 200, .body = "<!doctype html><title> \n </title><p>x</p>",
    .code = PD_AWS_ERROR_PARSE,
    .message_part = "HTML page instead of an AWS response (HTTP 200);" },
  { .name = "html-bom-uppercase", .service = "apigateway", .operation = "GetRestApis",
    .status = 200, .body = BOM "\r\n  <HTML><HEAD><TITLE>Portal</TITLE></HEAD></HTML>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "HTML page", .message_part2 = "“Portal”" },
  { .name = "html-xhtml", .service = "sts", .operation = "GetCallerIdentity", .status = 200,
    .body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
            "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Login</title></head>"
            "<body/></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "HTML page", .message_part2 = "“Login”" },
  { .name = "html-xml-root", .service = "rds", .operation = "DescribeDBClusters",
    .status = 200,
    .body = "<?xml version=\"1.0\"?><!-- portal --><html><body>Accept the terms</body></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "HTML page" },
  { .name = "html-comment-first", .service = "logs", .operation = "GetLogEvents",
    .status = 200, .body = "<!-- generated -->\n<html><head><title>Blocked</title></head></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "HTML page", .message_part2 = "“Blocked”" },
  { .name = "html-meta-refresh", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 200,
    .body = "<meta http-equiv=\"refresh\" content=\"0; url=http://portal.example/\">",
    .code = PD_AWS_ERROR_PARSE, .message_part = "HTML page" },
  { .name = "html-long-title", .service = "codepipeline", .operation = "ListPipelines",
    .status = 200,
    .body = "<html><title>Welcome to the Grand Hotel Wi-Fi portal Welcome to the Grand Hotel "
            "Wi-Fi portal Welcome to the Grand Hotel Wi-Fi portal Welcome to the Grand Hotel "
            "Wi-Fi portal</title></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "“Welcome to the Grand Hotel Wi-Fi portal "
    "Welcome to the Grand", .message_part2 = "…”",
    .message_absent = "portal Welcome to the Grand Hotel Wi-Fi portal Welcome to the Grand "
    "Hotel Wi-Fi portal" },
  { .name = "html-title-not-utf8", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 200, .body = "<html><title>Caf\xe9 \x01Wi-Fi\xff\xe2\x80\xae!</title></html>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "“Caf\xef\xbf\xbd Wi-Fi\xef\xbf\xbd!”",
    .message_absent = "\xe2\x80\xae" },
  { .name = "html-title-unclosed", .service = "wafv2", .operation = "ListWebACLs",
    .status = 200, .body = "<html><head><title>Truncated portal",
    .code = PD_AWS_ERROR_PARSE, .message_part = "(HTTP 200, “Truncated portal”)" },
  { .name = "html-5xx-title", .service = "lambda", .operation = "ListFunctions",
    .status = 502, .headers = RID ("rid-7"),
    .body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
            "</h1></center><hr><center>nginx</center></body></html>",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "502", .message_part = "HTML page",
    .message_part2 = "“502 Bad Gateway”", .request_id = "rid-7" },
  { .name = "html-4xx-no-title", .service = "logs", .operation = "GetLogEvents", .status = 403,
    .body = "  <!doctype HTML><html><body>Blocked by proxy</body></html>",
    .code = PD_AWS_ERROR_FAILED, .aws_code = "403", .message_part = "HTML page" },
  { .name = "html-query-5xx", .service = "sts", .operation = "GetCallerIdentity",
    .status = 504, .body = "<HTML><HEAD><TITLE>Gateway &amp; Timeout</TITLE></HEAD></HTML>",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "504", .message_part = "“Gateway & Timeout”" },

  /* ---- empty, blank and BOM-only bodies ---- */
  { .name = "json-empty", .service = "codepipeline", .operation = "DisableStageTransition",
    .status = 200, .body = "", .result = "{}" },
  { .name = "json-blank", .service = "logs", .operation = "PutRetentionPolicy",
    .status = 200, .body = " \r\n\t ", .result = "{}" },
  { .name = "rest-json-bom-only", .service = "lambda", .operation = "ListFunctions",
    .status = 204, .body = BOM "\n", .result = "{}" },
  { .name = "query-empty", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "", .code = PD_AWS_ERROR_PARSE, .message_part = "Empty" },
  { .name = "query-bom-blank", .service = "rds", .operation = "DescribeDBClusters",
    .status = 200, .body = BOM "  \n", .code = PD_AWS_ERROR_PARSE, .message_part = "Empty" },
  { .name = "json-empty-5xx", .service = "codepipeline", .operation = "ListPipelines",
    .status = 503, .headers = RID ("rid-8"), .body = "",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "503", .message_part = "empty body",
    .request_id = "rid-8" },
  { .name = "query-blank-5xx", .service = "sts", .operation = "GetCallerIdentity",
    .status = 500, .body = "  \n", .code = PD_AWS_ERROR_SERVER, .aws_code = "500",
    .message_part = "empty body" },
  { .name = "rest-json-empty-4xx-header", .service = "apigateway", .operation = "GetStage",
    .status = 404, .headers = { "x-amzn-ErrorType", "NotFoundException:http://x/", NULL },
    .body = "", .code = PD_AWS_ERROR_NOT_FOUND, .aws_code = "NotFoundException",
    .message_part = "empty body" },

  /* ---- truncated JSON ---- */
  { .name = "json-truncated", .service = "codepipeline", .operation = "ListPipelines",
    .status = 200, .body = "{\"pipelines\":[{\"name\":",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Malformed JSON" },
  { .name = "json-truncated-5xx", .service = "logs", .operation = "GetLogEvents",
    .status = 500, .body = "{\"__type\":", .code = PD_AWS_ERROR_SERVER, .aws_code = "500",
    .message_part = "unreadable JSON" },
  { .name = "query-json-truncated", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "{\"GetCallerIdentityResponse\":{",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Malformed JSON" },
  { .name = "query-json-truncated-4xx", .service = "sts", .operation = "GetCallerIdentity",
    .status = 400, .body = "{\"Error\":", .code = PD_AWS_ERROR_FAILED, .aws_code = "400",
    .message_part = "unreadable JSON" },

  /* ---- invalid UTF-8 ---- */
  { .name = "json-invalid-utf8", .service = "logs", .operation = "GetLogEvents",
    .status = 200, .body = "{\"a\":\"\xc3\x28\"}",
    .code = PD_AWS_ERROR_PARSE, .message_part = "UTF-8" },
  { .name = "json-invalid-utf8-4xx", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 400, .body = "{\"__type\":\"A\xff\xfe\",\"message\":\"m\"}",
    .code = PD_AWS_ERROR_FAILED, .aws_code = "400", .message_part = "unreadable JSON" },
  { .name = "query-xml-invalid-utf8", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "<GetCallerIdentityResponse>\xff</GetCallerIdentityResponse>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "UTF-8" },
  { .name = "query-json-invalid-utf8", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "{\"Arn\":\"\xff\"}", .code = PD_AWS_ERROR_PARSE,
    .message_part = "UTF-8" },
  /* GMarkup quotes one byte of a two-byte character in its message */
  { .name = "query-xml-bad-name", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "<GetCallerIdentityResponse><Arn\xc2\x92/></GetCallerIdentityResponse>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Malformed XML" },
  { .name = "json-xml-bad-name", .service = "codebuild", .operation = "BatchGetBuilds",
    .status = 200, .body = "<Error><Code\xc2\x92/></Error>",
    .code = PD_AWS_ERROR_PARSE, .message_part = "Malformed XML" },
  { .name = "json-control-character", .service = "logs", .operation = "GetLogEvents",
    .status = 200, .body = "{\"a\":\x01}", .code = PD_AWS_ERROR_PARSE,
    .message_part = "Malformed JSON" },
  { .name = "json-nul", .service = "logs", .operation = "GetLogEvents", .status = 200,
    .body = "{\"a\":\"b\"}\0garbage", .length = 17,
    .code = PD_AWS_ERROR_PARSE, .message_part = "JSON" },

  /* ---- plain text and other bytes ---- */
  { .name = "json-plain-text", .service = "codepipeline", .operation = "ListPipelines",
    .status = 200, .body = "pipelines: none",
    .code = PD_AWS_ERROR_PARSE, .message_part = "neither JSON nor XML" },
  { .name = "query-plain-text", .service = "sts", .operation = "GetCallerIdentity",
    .status = 200, .body = "OK\n", .code = PD_AWS_ERROR_PARSE,
    .message_part = "neither JSON nor XML" },
  { .name = "rest-json-plain-text-5xx", .service = "rds-data", .operation = "ExecuteStatement",
    .status = 503, .headers = RID ("rid-9"), .body = "Service Unavailable",
    .code = PD_AWS_ERROR_SERVER, .aws_code = "503", .message_part = "neither JSON nor XML",
    .request_id = "rid-9" },
  { .name = "rest-json-plain-text-header", .service = "lambda", .operation = "ListFunctions",
    .status = 429, .headers = { "x-amzn-ErrorType", "TooManyRequestsException", NULL },
    .body = "Rate exceeded", .code = PD_AWS_ERROR_THROTTLED,
    .aws_code = "TooManyRequestsException", .message_part = "neither JSON nor XML" },
  { .name = "json-binary", .service = "wafv2", .operation = "ListWebACLs", .status = 200,
    .body = "\x1f\x8b\x08\0\xff\xfe", .length = 6,
    .code = PD_AWS_ERROR_PARSE, .message_part = "neither JSON nor XML" },
  { .name = "query-binary-4xx", .service = "rds", .operation = "DescribeDBClusters",
    .status = 400, .body = "\x80\x81garbage", .code = PD_AWS_ERROR_FAILED, .aws_code = "400",
    .message_part = "neither JSON nor XML" },
  { .name = "json-number", .service = "logs", .operation = "GetLogEvents", .status = 200,
    .body = "42", .code = PD_AWS_ERROR_PARSE, .message_part = "not an object" },
};

/* Whether @message reads well: valid UTF-8 without control characters */
static gboolean
message_is_clean (const char *message)
{
  if (!g_utf8_validate (message, -1, NULL))
    return FALSE;
  for (const char *p = message; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Runs @c with @content_type; returns what went wrong, or NULL */
static char *
check_row (const SniffCase *c,
           const char      *content_type)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  for (guint i = 0; c->headers[i] != NULL; i += 2)
    soup_message_headers_append (headers, c->headers[i], c->headers[i + 1]);
  if (content_type != NULL)
    soup_message_headers_append (headers, "Content-Type", content_type);
  body = g_bytes_new (c->body, c->length > 0 ? c->length : strlen (c->body));

  result = pd_aws_protocol_parse_response (pd_aws_service_lookup (c->service), c->operation,
                                           c->status, headers, body, &error);

  if ((result == NULL) == (error == NULL))
    return g_strdup ("a result and an error, or neither");

  if (c->result != NULL)
    {
      g_autoptr(JsonNode) expected = json_from_string (c->result, NULL);
      g_autofree char *got = NULL;

      g_assert_nonnull (expected);
      if (result == NULL)
        return g_strdup_printf ("error “%s” instead of a result", error->message);
      got = json_to_string (result, FALSE);
      if (!json_node_equal (expected, result))
        return g_strdup_printf ("result %s instead of %s", got, c->result);
      return NULL;
    }

  if (result != NULL)
    {
      g_autofree char *got = json_to_string (result, FALSE);

      return g_strdup_printf ("result %s instead of an error", got);
    }
  if (error->domain != PD_AWS_ERROR || error->code != c->code)
    return g_strdup_printf ("error %s %d (“%s”) instead of code %d",
                            g_quark_to_string (error->domain), error->code, error->message,
                            c->code);
  if (g_strcmp0 (pd_aws_error_get_aws_code (error), c->aws_code) != 0)
    return g_strdup_printf ("AWS code %s instead of %s (“%s”)",
                            pd_aws_error_get_aws_code (error), c->aws_code, error->message);
  if (c->aws_code != NULL && pd_aws_error_get_http_status (error) != c->status)
    return g_strdup_printf ("HTTP status %u instead of %u",
                            pd_aws_error_get_http_status (error), c->status);
  if (g_strcmp0 (pd_aws_error_get_request_id (error), c->request_id) != 0)
    return g_strdup_printf ("request ID %s instead of %s",
                            pd_aws_error_get_request_id (error), c->request_id);
  if (!message_is_clean (error->message))
    return g_strdup ("a message that is not clean UTF-8 text");
  if (strstr (error->message, c->message_part) == NULL ||
      (c->message_part2 != NULL && strstr (error->message, c->message_part2) == NULL))
    return g_strdup_printf ("“%s” lacks “%s”%s%s", error->message, c->message_part,
                            c->message_part2 != NULL ? " or " : "",
                            c->message_part2 != NULL ? c->message_part2 : "");
  if (c->message_absent != NULL && strstr (error->message, c->message_absent) != NULL)
    return g_strdup_printf ("“%s” holds “%s”", error->message, c->message_absent);

  return NULL;
}

static void
test_case (gconstpointer data)
{
  const SniffCase *c = data;
  guint failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    {
      g_autofree char *problem = check_row (c, content_types[i]);

      if (problem != NULL)
        {
          g_test_message ("row failed: %s, Content-Type %s: %s", c->name,
                          content_types[i] != NULL ? content_types[i] : "(none)", problem);
          failed++;
        }
    }
  if (failed > 0)
    {
      g_test_message ("%u of %u rows of %s failed", failed,
                      (guint) G_N_ELEMENTS (content_types), c->name);
      g_test_fail ();
    }
}

/* The query answer that came as JSON has the shape of the one that came
 * as XML: typed calls read both the same way. */
static void
test_query_json_like_xml (void)
{
  static const char *xml =
    "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
    "<DescribeDBClustersResult><Marker>m2</Marker><DBClusters><DBCluster>"
    "<DBClusterIdentifier>db</DBClusterIdentifier><Port>5432</Port>"
    "<DBClusterMembers><DBClusterMember><DBInstanceIdentifier>i1</DBInstanceIdentifier>"
    "</DBClusterMember><DBClusterMember><DBInstanceIdentifier>i2</DBInstanceIdentifier>"
    "</DBClusterMember></DBClusterMembers><AvailabilityZones/><TagList>"
    "<Tag><Key>a&amp;b</Key><Value></Value></Tag></TagList>"
    "</DBCluster></DBClusters></DescribeDBClustersResult>"
    "<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>"
    "</DescribeDBClustersResponse>";
  const SniffCase *json_case = NULL;
  g_autoptr(GBytes) xml_body = g_bytes_new_static (xml, strlen (xml));
  g_autoptr(GBytes) json_body = NULL;
  g_autoptr(JsonNode) from_xml = NULL;
  g_autoptr(JsonNode) from_json = NULL;
  g_autoptr(GError) error = NULL;
  const PdAwsService *rds = pd_aws_service_lookup ("rds");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (g_str_equal (cases[i].name, "query-json-converted-xml"))
      json_case = &cases[i];
  g_assert_nonnull (json_case);
  json_body = g_bytes_new_static (json_case->body, strlen (json_case->body));

  from_xml = pd_aws_protocol_parse_response (rds, "DescribeDBClusters", 200, NULL, xml_body,
                                             &error);
  g_assert_no_error (error);
  from_json = pd_aws_protocol_parse_response (rds, "DescribeDBClusters", 200, NULL, json_body,
                                              &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (from_xml, from_json));
}

/* Maps and lists in every form a JSON answer may give them come out as
 * the XML converter gives them */
static void
test_query_json_maps (void)
{
  static const char *xml =
    "<R><Attributes><entry><key>a</key><value>1</value></entry>"
    "<entry><key>b</key><value><X>2</X></value></entry></Attributes><Empty/>"
    "<One><entry><key>k</key><value>v</value></entry></One>"
    "<Items><member>x</member><member>y</member></Items><Bare><member>z</member></Bare>"
    "<Node a=\"1\">text</Node><Flag>true</Flag></R>";
  static const char * const jsons[] = {
    /* as an XML-to-JSON converter writes it */
    "{\"@xmlns\":\"urn:x\",\"Attributes\":{\"entry\":[{\"key\":\"a\",\"value\":\"1\"},"
    "{\"key\":\"b\",\"value\":{\"X\":\"2\"}}]},\"Empty\":null,"
    "\"One\":{\"entry\":{\"key\":\"k\",\"value\":\"v\"}},"
    "\"Items\":{\"member\":[\"x\",\"y\"]},\"Bare\":{\"member\":\"z\"},"
    "\"Node\":{\"@a\":\"1\",\"#text\":\"text\"},\"Flag\":\"true\"}",
    /* in JSON's own types */
    "{\"Attributes\":{\"a\":1,\"b\":{\"X\":2}},\"Empty\":{},\"One\":[{\"key\":\"k\","
    "\"value\":\"v\"}],\"Items\":[\"x\",\"y\"],\"Bare\":{\"member\":[\"z\"]},"
    "\"Node\":\"text\",\"Flag\":true}",
  };
  const char *hints = "Attributes:@map Empty:@map One:@map Items";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) from_xml = NULL;

  from_xml = pd_aws_protocol_xml_to_json (xml, strlen (xml), hints, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (jsons); i++)
    {
      g_autoptr(JsonNode) json = json_from_string (jsons[i], NULL);
      g_autoptr(JsonNode) converted = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected = json_to_string (from_xml, FALSE);

      g_assert_nonnull (json);
      converted = pd_aws_protocol_query_from_json (json, "R", hints);
      text = json_to_string (converted, FALSE);
      g_test_message ("form %u: %s", i, text);
      g_assert_true (json_node_equal (converted, from_xml));
      g_assert_cmpstr (text, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pd/aws/protocol/sniff/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/pd/aws/protocol/sniff/query-json-like-xml", test_query_json_like_xml);
  g_test_add_func ("/pd/aws/protocol/sniff/query-json-maps", test_query_json_maps);

  return g_test_run ();
}
