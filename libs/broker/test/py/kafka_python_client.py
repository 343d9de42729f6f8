# python3-kafka (kafka-python 2.0.2): produce, consume with a group and commit, admin listing.
import json, sys
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient

bootstrap, user, password, topic, group = sys.argv[1:6]
conf = dict(bootstrap_servers=bootstrap, security_protocol='SASL_PLAINTEXT', sasl_mechanism='PLAIN',
            sasl_plain_username=user, sasl_plain_password=password)
result = {}
p = KafkaProducer(compression_type='gzip', acks='all', **conf)
for i in range(100):
    p.send(topic, key=b'k%d' % i, value=b'kp-%d' % i)
p.flush()
p.close()
c = KafkaConsumer(topic, group_id=group, auto_offset_reset='earliest', consumer_timeout_ms=5000,
                  enable_auto_commit=False, **conf)
got = [m.value.decode() for m in c]
c.commit()
c.close()
result['consumed'] = len(got)
result['distinct'] = len(set(got))
a = KafkaAdminClient(**conf)
result['groups'] = sorted(g for g, _ in a.list_consumer_groups())
result['committed'] = sum(o.offset for o in a.list_consumer_group_offsets(group).values())
a.close()
print(json.dumps(result))
