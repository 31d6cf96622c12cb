"""Drives a third-party Open311 client (civicbot, from PyPI) against the hotline's /open311/v2.

Usage: python open311-client.py BASE_URL API_KEY. Lists the services, reads a service definition, posts a
request with attributes (checked by the client against that definition) and reads it back; prints what it
saw as one JSON object.
"""
import json
import sys

from civicbot.http import HttpTransport, RateLimiter
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint

base_url, api_key = sys.argv[1], sys.argv[2]
endpoint = Endpoint(id="hotline", name="12345", base_url=base_url, write=True)
client = Open311Client(
    endpoint,
    transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0)),
    jurisdiction_id="12345.jiangbin.gov.cn",
)

services = client.list_services()
definition = client.get_service_definition("noise_construction")
posted = client.create_request(
    "noise_construction",
    dry_run=False,
    confirm="SEND",
    api_key=api_key,
    validate_remote=True,
    lat=30.27415,
    lng=120.15515,
    address_string="江滨市滨江区银杏路77号",
    description="工地夜间打桩，噪音很大",
    first_name="明远",
    last_name="欧阳",
    phone="13912345678",
    attributes={"order_type": "complaint", "occurs": ["night", "weekend"], "sms_consent": "yes"},
)
request_id = posted.response[0]["service_request_id"]
print(
    json.dumps(
        {
            "services": [s["service_code"] for s in services],
            "attributes": [a["code"] for a in definition["attributes"]],
            "posted": posted.response,
            "read_back": client.get_request(request_id),
        },
        ensure_ascii=False,
    )
)
