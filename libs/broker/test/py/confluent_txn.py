# python3-confluent-kafka (librdkafka 2.0.2) transactions: an aborted and a committed transaction,
# read_committed vs read_uncommitted consumers, send_offsets_to_transaction, and fencing by a
# second producer with the same transactional.id.
import json, sys, time
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

bootstrap, user, password, topic, group = sys.argv[1:6]
conf = {'bootstrap.servers': bootstrap, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanisms': 'PLAIN',
        'sasl.username': user, 'sasl.password': password}
result = {}


def producer(txn_id):
    p = Producer(dict(conf, **{'transactional.id': txn_id, 'transaction.timeout.ms': 60000}))
    p.init_transactions(30)
    return p


def read(isolation, until):
    c = Consumer(dict(conf, **{'group.id': 'reader-%s-%s' % (isolation, time.time()), 'auto.offset.reset': 'earliest',
                               'enable.auto.commit': False, 'isolation.level': isolation}))
    c.assign([TopicPartition(topic, 0, 0)])
    got = []
    deadline = time.time() + 30
    while until not in got and time.time() < deadline:
        m = c.poll(0.5)
        if m is None or m.error():
            continue
        got.append(m.value().decode())
    c.close()
    return got


p = producer('cf-txn')
p.begin_transaction()
p.produce(topic, value='aborted-1')
p.produce(topic, value='aborted-2')
p.flush(15)
p.abort_transaction(30)

# consume-transform-produce: the group's offset moves only with the committed transaction
src = Consumer(dict(conf, **{'group.id': group, 'auto.offset.reset': 'earliest', 'enable.auto.commit': False}))
p.begin_transaction()
p.produce(topic, value='committed-1')
p.send_offsets_to_transaction([TopicPartition(topic, 0, 2)], src.consumer_group_metadata(), 30)
p.commit_transaction(30)
result['committed_offset'] = src.committed([TopicPartition(topic, 0)], 10)[0].offset
src.close()

p.begin_transaction()
p.produce(topic, value='end')
p.commit_transaction(30)

# a second instance fences the first: its next transaction fails
zombie = p
p2 = producer('cf-txn')
try:
    zombie.begin_transaction()
    zombie.produce(topic, value='zombie')
    zombie.commit_transaction(15)
    result['zombie'] = 'committed'
except KafkaException as e:
    result['zombie'] = 'fenced' if e.args[0].fatal() or 'fenced' in str(e).lower() else str(e)
p2.begin_transaction()
p2.produce(topic, value='after-fence')
p2.commit_transaction(30)

result['read_committed'] = read('read_committed', 'after-fence')
result['read_uncommitted'] = read('read_uncommitted', 'after-fence')
print(json.dumps(result))
