#!/usr/bin/env bash
# The roles' ACLs (lab-support's RoleAcls, docs/CONTRACTS.md), created once the brokers are up, as the super user
# broker over the internal listener. Adding an ACL that exists is a no-op, so this may run on every `up`.
set -euo pipefail
S=/etc/kafka/secrets
acl() { /opt/kafka/bin/kafka-acls.sh --bootstrap-server kafka-1:19092 --command-config "$S/broker-client.properties" \
  --add --resource-pattern-type prefixed "$@" > /dev/null; }
# One JVM per rule, several resources each: a JVM start costs seconds on a busy laptop.
acl --allow-principal User:order-producer --operation Write --topic orders
for role in billing audit payments; do
  acl --allow-principal "User:$role" --operation Read --topic orders --group "$role"
done
# Kafka ACLs match prefixes only, and the dead-letter topics start with "orders" too: DENY wins over ALLOW.
acl --deny-principal User:order-producer --deny-principal User:billing --deny-principal User:audit \
  --deny-principal User:payments --operation All --topic orders.DLT --topic orders.payments.DLT
acl --allow-principal User:dlt-writer --operation Write --topic orders.DLT --topic orders.payments.DLT
acl --allow-principal User:ops --operation Read --topic orders.DLT --topic orders.payments.DLT --group ops
echo "secure-acls: every role's ACLs are in place"
