# -*- coding: utf-8 -*-
import json
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def main_handler(event, context):
    logger.info("request %s for %s", context["request_id"], context["function_name"])
    print("path:", event.get("path"))
    return {
        "isBase64Encoded": False,
        "statusCode": 200,
        "headers": {"Content-Type": "text/html"},
        "body": "hello world",
    }
