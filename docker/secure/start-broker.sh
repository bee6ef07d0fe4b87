#!/usr/bin/env bash
# One broker of the secure compose cluster: node.properties from the shared secure settings (secure-init) and this
# node's own, then a format that adds the roles' SCRAM credentials (first start only; they go into the metadata log)
# and Kafka. Settings are mirrored from docker-compose.yml's brokers (BrokerSettings.java).
set -euo pipefail
umask 077
S=/etc/kafka/secrets
: "${NODE_ID:?}" "${CLIENT_PORT:?the published host port of this broker}"
CONF=/var/lib/kafka/data/node.properties
{
  cat "$S/security.properties"
  cat <<P
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=1@kafka-1:19093,2@kafka-2:19093,3@kafka-3:19093
listeners=CLIENT://:9092,BROKER://:19092,CONTROLLER://:19093
advertised.listeners=CLIENT://localhost:$CLIENT_PORT,BROKER://kafka-$NODE_ID:19092
log.dirs=/var/lib/kafka/data/log
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
group.consumer.heartbeat.interval.ms=1000
group.consumer.min.heartbeat.interval.ms=1000
group.share.heartbeat.interval.ms=1000
group.share.min.heartbeat.interval.ms=1000
group.share.min.record.lock.duration.ms=1000
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
controller.quorum.election.timeout.ms=1000
controller.quorum.fetch.timeout.ms=2000
controller.quorum.election.backoff.max.ms=500
replica.lag.time.max.ms=10000
unclean.leader.election.enable=false
P
} > "$CONF"
# --ignore-formatted: a restarted broker keeps its data (and the credentials already in its metadata log).
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${CLUSTER_ID:?}" -c "$CONF" "@$S/format.args"
exec /opt/kafka/bin/kafka-server-start.sh "$CONF"
