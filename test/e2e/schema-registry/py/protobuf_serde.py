# python3-confluent-kafka's ProtobufSerializer against our Schema Registry. It registers the
# message's file and every import (google/protobuf/*.proto too) as base64 FileDescriptorProtos.
# The message classes are built from protoc's descriptors (no generated _pb2 modules needed).
# argv: registry url, key, secret, fixtures json, topic, hex bytes written by another client.
# Prints one JSON line: the bytes it wrote and what it read from the other client's bytes.
import base64
import json
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, timestamp_pb2  # noqa: F401
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

url, key, secret, fixtures, topic, other_hex = sys.argv[1:7]
files = json.load(open(fixtures))["files"]
pool = descriptor_pool.Default()  # already holds google/protobuf/timestamp.proto
for name in ("common.proto", "order.proto"):
    pool.Add(descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(files[name])))
Order = message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName("io.example.shop.Order"))

client = SchemaRegistryClient({"url": url, "basic.auth.user.info": f"{key}:{secret}"})
ser = ProtobufSerializer(Order, client, {"auto.register.schemas": True})
msg = Order(id="py-1", note="from python")
line = msg.lines.add()
line.sku = "sku-9"
line.qty = 3
msg.attributes["k"] = "v"
msg.created_at.seconds = 1700000000
ctx = SerializationContext(topic, MessageField.VALUE)
written = ser(msg, ctx)

deser = ProtobufDeserializer(Order)
read = deser(bytes.fromhex(other_hex), ctx) if other_hex else None
print(json.dumps({
    "written": written.hex(),
    "read": None if read is None else {
        "id": read.id,
        "sku": read.lines[0].sku if read.lines else None,
        "attributes": dict(read.attributes),
        "seconds": read.created_at.seconds,
    },
}))
