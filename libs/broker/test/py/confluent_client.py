# python3-confluent-kafka (librdkafka 2.0.2): produce, consume in a group, list groups/topics.
import json, sys, time
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient

bootstrap, user, password, topic, group = sys.argv[1:6]
conf = {'bootstrap.servers': bootstrap, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanisms': 'PLAIN',
        'sasl.username': user, 'sasl.password': password}
result = {}
p = Producer(dict(conf, **{'compression.type': 'lz4', 'enable.idempotence': True, 'acks': 'all'}))
for i in range(100):
    p.produce(topic, key=str(i), value='cf-%d' % i)
result['unflushed'] = p.flush(15)
c = Consumer(dict(conf, **{'group.id': group, 'auto.offset.reset': 'earliest', 'enable.auto.commit': False}))
c.subscribe([topic])
got = []
deadline = time.time() + 30
while len(got) < 100 and time.time() < deadline:
    m = c.poll(0.5)
    if m is None or m.error():
        continue
    got.append(m.value().decode())
c.commit(asynchronous=False)
c.close()
result['consumed'] = len(got)
result['distinct'] = len(set(got))
a = AdminClient(conf)
result['groups'] = sorted(g.id for g in a.list_groups(timeout=10))
result['topics'] = sorted(a.list_topics(timeout=10).topics.keys())
print(json.dumps(result))
