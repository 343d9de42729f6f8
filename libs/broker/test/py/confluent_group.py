# Two librdkafka consumers in one group: both get partitions after the rebalance, and together
# they consume every record of a 4-partition topic.
import json, sys, time
from confluent_kafka import Consumer, Producer

bootstrap, user, password, topic, group = sys.argv[1:6]
conf = {'bootstrap.servers': bootstrap, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanisms': 'PLAIN',
        'sasl.username': user, 'sasl.password': password}
assigned = {1: [], 2: []}

def consumer(n):
    c = Consumer(dict(conf, **{'group.id': group, 'auto.offset.reset': 'earliest', 'session.timeout.ms': 6000,
                               'heartbeat.interval.ms': 500, 'partition.assignment.strategy': 'range'}))
    c.subscribe([topic], on_assign=lambda _c, ps: assigned.__setitem__(n, [p.partition for p in ps]))
    return c

c1 = consumer(1)
c2 = consumer(2)
values = set()
deadline = time.time() + 40
produced = False
while time.time() < deadline:
    for c in (c1, c2):
        m = c.poll(0.2)
        if m is not None and not m.error():
            values.add(m.value().decode())
    if not produced and assigned[1] and assigned[2] and len(assigned[1]) + len(assigned[2]) == 4:
        p = Producer(conf)
        for i in range(200):
            p.produce(topic, value='g-%d' % i, partition=i % 4)
        p.flush(10)
        produced = True
    if produced and len(values) == 200:
        break
c1.close()
c2.close()
print(json.dumps({'assigned': assigned, 'consumed': len(values)}))
