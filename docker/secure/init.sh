#!/usr/bin/env bash
# The secure compose cluster's secrets, made once into the named volume secure-secrets (mounted at /etc/kafka/secrets)
# by the one-shot service secure-init: the same profile as lab-support's local backend (docs/CONTRACTS.md, "Secure
# profile"). Passwords go to files only, never onto a command line (keytool reads them with -storepass:file).
set -euo pipefail
umask 077
S=/etc/kafka/secrets
if [ -f "$S/done" ]; then
  echo "secure-init: the secrets exist already (docker compose down -v makes new ones)"
  exit 0
fi
: "${CLIENT_TRUSTSTORE:?the host path of the trust store, for the clients files}"
chmod 700 "$S"
ROLES="order-producer billing audit payments dlt-writer ops lab-admin"
# 24 random bytes as base64url: no character needs quoting in JAAS or in a SCRAM argument.
pw() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

pw > "$S/keystore.pw"
pw > "$S/truststore.pw"
DAYS=30
# A CA, and one broker certificate whose SANs name every host a client may dial: localhost (the published ports)
# and kafka-1..3 (the compose network). The CA's key is deleted at the end: nobody can sign another certificate.
keytool -genkeypair -keystore "$S/ca.p12" -storetype PKCS12 -storepass:file "$S/keystore.pw" -alias ca \
  -dname "CN=eventlabs compose CA" -keyalg EC -groupname secp256r1 -validity "$DAYS" \
  -ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign 2>/dev/null
keytool -exportcert -keystore "$S/ca.p12" -storepass:file "$S/keystore.pw" -alias ca -rfc -file "$S/ca.pem"
keytool -importcert -noprompt -keystore "$S/ca.truststore.p12" -storetype PKCS12 \
  -storepass:file "$S/truststore.pw" -alias lab-ca -file "$S/ca.pem"
keytool -genkeypair -keystore "$S/broker.keystore.p12" -storetype PKCS12 -storepass:file "$S/keystore.pw" \
  -alias broker -dname "CN=eventlabs broker" -keyalg EC -groupname secp256r1 -validity "$DAYS"
keytool -certreq -keystore "$S/broker.keystore.p12" -storepass:file "$S/keystore.pw" -alias broker \
  -file "$S/broker.csr"
keytool -gencert -keystore "$S/ca.p12" -storepass:file "$S/keystore.pw" -alias ca -infile "$S/broker.csr" \
  -outfile "$S/broker.pem" -rfc -validity "$DAYS" \
  -ext SAN=dns:localhost,ip:127.0.0.1,dns:kafka-1,dns:kafka-2,dns:kafka-3 -ext ku:c=digitalSignature \
  -ext eku=serverAuth,clientAuth
keytool -importcert -noprompt -keystore "$S/broker.keystore.p12" -storepass:file "$S/keystore.pw" -alias ca \
  -file "$S/ca.pem"
keytool -importcert -noprompt -keystore "$S/broker.keystore.p12" -storepass:file "$S/keystore.pw" -alias broker \
  -file "$S/broker.pem"
rm -f "$S/ca.p12" "$S/broker.csr"

# The brokers' own PLAIN account, and each role's SCRAM credential for the storage format (an @file argument list).
BROKER_PW=$(pw)
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="%s";\n' \
  "$BROKER_PW" > "$S/broker-client.properties"
JAAS="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"$BROKER_PW\" user_broker=\"$BROKER_PW\";"
KS_PW=$(cat "$S/keystore.pw")
cat > "$S/security.properties" <<P
listener.security.protocol.map=CLIENT:SASL_SSL,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=BROKER
controller.listener.names=CONTROLLER
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.ssl.keystore.type=PKCS12
listener.name.client.ssl.keystore.location=$S/broker.keystore.p12
listener.name.client.ssl.keystore.password=$KS_PW
listener.name.client.ssl.key.password=$KS_PW
listener.name.broker.sasl.enabled.mechanisms=PLAIN
listener.name.broker.plain.sasl.jaas.config=$JAAS
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$JAAS
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:broker;User:lab-admin
P
mkdir -p "$S/clients"
: > "$S/format.args"
TS_PW=$(cat "$S/truststore.pw")
for role in $ROLES; do
  p=$(pw)
  printf -- '--add-scram\nSCRAM-SHA-512=[name=%s,password=%s]\n' "$role" "$p" >> "$S/format.args"
  cat > "$S/clients/$role.properties" <<P
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$role" password="$p";
ssl.truststore.location=$CLIENT_TRUSTSTORE
ssl.truststore.password=$TS_PW
ssl.truststore.type=PKCS12
ssl.endpoint.identification.algorithm=https
P
done
cp "$S/ca.truststore.p12" "$S/clients/"
touch "$S/done"
echo "secure-init: made a CA, the broker certificate and credentials for: $ROLES"
