#!/bin/sh
# One-shot after the server is up: the namespace and the custom search attributes the order
# workflow keeps current (workflows/search-attributes.ts; keep the list below in step with it).
# Workflows started with an unknown attribute fail, so api and worker wait for this to succeed.
# Safe to re-run: existing ones are kept; an existing attribute of another type is an error.
set -eu

address=${TEMPORAL_ADDRESS:-temporal:7233}
namespace=${TEMPORAL_NAMESPACE:-default}
retention=${TEMPORAL_NAMESPACE_RETENTION:-30d}

attributes='
OrderState:Keyword
SlaState:Keyword
LeadUnit:Keyword
Category:Keyword
Urgency:Keyword
OrderType:Keyword
ClosureCode:Keyword
AssistingUnits:KeywordList
EscalationLevel:Int
ResponseDueAt:Datetime
HandlingDueAt:Datetime
NextDueAt:Datetime
'

# Use the IPv4 address of the server, as Temporal's own create-namespace.sh does.
host=${address%:*}
port=${address##*:}
ip=$(getent ahosts "$host" 2>/dev/null | grep STREAM | head -1 | awk '{print $1}') || ip=
[ -n "$ip" ] && address="$ip:$port"

# The compose healthcheck only sees the port open; wait until the server answers.
attempt=0
until temporal operator cluster health --address "$address"; do
  attempt=$((attempt + 1))
  [ "$attempt" -lt 60 ] || { echo "Temporal at $address is not healthy" >&2; exit 1; }
  sleep 2
done

if temporal operator namespace describe --address "$address" -n "$namespace" >/dev/null 2>&1; then
  echo "namespace $namespace: exists"
else
  temporal operator namespace create --address "$address" -n "$namespace" --retention "$retention"
  echo "namespace $namespace: created (retention $retention)"
fi

for pair in $attributes; do
  name=${pair%%:*}
  type=${pair#*:}
  attempt=0
  # Retried: a namespace just created takes a moment to reach every service.
  until out=$(temporal operator search-attribute create --address "$address" -n "$namespace" \
    --name "$name" --type "$type" 2>&1); do
    case $out in
      *'different type'*) echo "$out" >&2; exit 1 ;;
      *'already exists'*) break ;;
    esac
    attempt=$((attempt + 1))
    [ "$attempt" -lt 30 ] || { echo "$out" >&2; exit 1; }
    sleep 2
  done
  echo "search attribute $name ($type): ok"
done
