// Conformance client on Debian's sarama (golang-github-shopify-sarama-dev) at its newest protocol
// version: admin, every codec through a sync producer, a consumer group that commits, the
// group/offset admin calls, and transactions (sarama 1.22 has no transactional producer, so its
// transaction requests and a transactional record batch are sent through sarama.Broker; its
// consumer reads read_committed and read_uncommitted). Prints one JSON summary line; exits
// non-zero on the first failure.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

func config(user, pass string) *sarama.Config {
	c := sarama.NewConfig()
	c.Version = sarama.MaxVersion
	c.ClientID = "sarama-conformance"
	c.Net.SASL.Enable = true
	c.Net.SASL.Handshake = true
	c.Net.SASL.Mechanism = sarama.SASLTypePlaintext
	c.Net.SASL.User = user
	c.Net.SASL.Password = pass
	c.Producer.Return.Successes = true
	c.Producer.RequiredAcks = sarama.WaitForAll
	c.Consumer.Offsets.Initial = sarama.OffsetOldest
	c.Consumer.Return.Errors = true
	return c
}

func must(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
		os.Exit(1)
	}
}

type handler struct {
	mu     sync.Mutex
	seen   map[string]bool
	want   int
	cancel context.CancelFunc
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (h *handler) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for m := range claim.Messages() {
		h.mu.Lock()
		h.seen[string(m.Value)] = true
		done := len(h.seen) >= h.want
		h.mu.Unlock()
		s.MarkMessage(m, "")
		if done {
			h.cancel()
		}
	}
	return nil
}

func kerr(err sarama.KError, what string) {
	if err != sarama.ErrNoError {
		must(err, what)
	}
}

// transactions: an aborted and two committed transactions on partition 0 of topic, then what a
// read_committed and a read_uncommitted consumer see.
func transactions(addrs []string, cfg *sarama.Config, topic string) map[string][]string {
	client, err := sarama.NewClient(addrs, cfg)
	must(err, "txn client")
	defer client.Close()
	b, err := client.Controller()
	must(err, "txn broker")
	id := "sarama-txn"
	fc, err := b.FindCoordinator(&sarama.FindCoordinatorRequest{Version: 2, CoordinatorKey: id, CoordinatorType: sarama.CoordinatorTransaction})
	must(err, "find transaction coordinator")
	kerr(fc.Err, "find transaction coordinator")
	ip, err := b.InitProducerID(&sarama.InitProducerIDRequest{TransactionalID: &id, TransactionTimeout: time.Minute})
	must(err, "init producer id")
	kerr(ip.Err, "init producer id")
	seq := int32(0)
	send := func(values ...string) {
		ap, err := b.AddPartitionsToTxn(&sarama.AddPartitionsToTxnRequest{TransactionalID: id, ProducerID: ip.ProducerID,
			ProducerEpoch: ip.ProducerEpoch, TopicPartitions: map[string][]int32{topic: {0}}})
		must(err, "add partitions")
		for _, pe := range ap.Errors[topic] {
			kerr(pe.Err, "add partitions")
		}
		now := time.Now()
		batch := &sarama.RecordBatch{Version: 2, ProducerID: ip.ProducerID, ProducerEpoch: ip.ProducerEpoch, FirstSequence: seq,
			IsTransactional: true, LastOffsetDelta: int32(len(values) - 1), FirstTimestamp: now, MaxTimestamp: now}
		for i, v := range values {
			batch.Records = append(batch.Records, &sarama.Record{OffsetDelta: int64(i), Value: []byte(v)})
		}
		seq += int32(len(values))
		req := &sarama.ProduceRequest{Version: 3, RequiredAcks: sarama.WaitForAll, Timeout: 10000, TransactionalID: &id}
		req.AddBatch(topic, 0, batch)
		resp, err := b.Produce(req)
		must(err, "transactional produce")
		kerr(resp.GetBlock(topic, 0).Err, "transactional produce")
	}
	end := func(commit bool) {
		r, err := b.EndTxn(&sarama.EndTxnRequest{TransactionalID: id, ProducerID: ip.ProducerID, ProducerEpoch: ip.ProducerEpoch, TransactionResult: commit})
		must(err, "end txn")
		kerr(r.Err, "end txn")
	}
	send("aborted-1", "aborted-2")
	end(false)
	send("committed-1")
	end(true)
	send("end")
	end(true)
	read := func(level sarama.IsolationLevel) []string {
		c := config(cfg.Net.SASL.User, cfg.Net.SASL.Password)
		c.Consumer.IsolationLevel = level
		consumer, err := sarama.NewConsumer(addrs, c)
		must(err, "txn consumer")
		defer consumer.Close()
		pc, err := consumer.ConsumePartition(topic, 0, sarama.OffsetOldest)
		must(err, "txn consume partition")
		defer pc.Close()
		values := []string{}
		timeout := time.After(30 * time.Second)
		for len(values) == 0 || values[len(values)-1] != "end" {
			select {
			case m := <-pc.Messages():
				values = append(values, string(m.Value))
			case e := <-pc.Errors():
				must(e, "txn consume")
			case <-timeout:
				must(fmt.Errorf("got %v", values), "txn consume timed out")
			}
		}
		return values
	}
	return map[string][]string{"readCommitted": read(sarama.ReadCommitted), "readUncommitted": read(sarama.ReadUncommitted)}
}

func main() {
	bootstrap, user, pass, topic, group := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5]
	addrs := []string{bootstrap}
	cfg := config(user, pass)

	admin, err := sarama.NewClusterAdmin(addrs, cfg)
	must(err, "admin")
	must(admin.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: 2, ReplicationFactor: 1}, false), "create topic")
	topics, err := admin.ListTopics()
	must(err, "list topics")
	if _, ok := topics[topic]; !ok {
		must(fmt.Errorf("%s missing from %v", topic, topics), "list topics")
	}

	// sarama 1.22 sends zstd in Produce v3; Kafka accepts zstd only from v7 (KIP-110) and answers
	// UNSUPPORTED_COMPRESSION_TYPE, as this broker must too (checked below).
	codecs := []sarama.CompressionCodec{
		sarama.CompressionNone, sarama.CompressionGZIP, sarama.CompressionSnappy, sarama.CompressionLZ4,
	}
	produced := 0
	for _, codec := range codecs {
		pc := config(user, pass)
		pc.Producer.Compression = codec
		p, err := sarama.NewSyncProducer(addrs, pc)
		must(err, "producer")
		for i := 0; i < 4; i++ {
			_, _, err := p.SendMessage(&sarama.ProducerMessage{
				Topic: topic,
				Key:   sarama.StringEncoder(fmt.Sprintf("k%d", i)),
				Value: sarama.StringEncoder(fmt.Sprintf("%s-%d", codec, i)),
			})
			must(err, fmt.Sprintf("produce %s", codec))
			produced++
		}
		must(p.Close(), "producer close")
	}

	// an idempotent producer (KIP-98): one in-flight request, acks=all, a producer id from the broker
	ic := config(user, pass)
	ic.Producer.Idempotent = true
	ic.Net.MaxOpenRequests = 1
	ip, err := sarama.NewSyncProducer(addrs, ic)
	must(err, "idempotent producer")
	for i := 0; i < 4; i++ {
		_, _, err := ip.SendMessage(&sarama.ProducerMessage{Topic: topic, Value: sarama.StringEncoder(fmt.Sprintf("idempotent-%d", i))})
		must(err, "idempotent produce")
		produced++
	}
	must(ip.Close(), "idempotent producer close")

	// a wrong password is refused at connection time
	_, badErr := sarama.NewClient(addrs, config(user, pass+"-wrong"))

	zc := config(user, pass)
	zc.Producer.Compression = sarama.CompressionZSTD
	zp, err := sarama.NewSyncProducer(addrs, zc)
	must(err, "zstd producer")
	_, _, zstdErr := zp.SendMessage(&sarama.ProducerMessage{Topic: topic, Value: sarama.StringEncoder("zstd")})
	zp.Close()

	cg, err := sarama.NewConsumerGroup(addrs, group, cfg)
	must(err, "consumer group")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	h := &handler{seen: map[string]bool{}, want: produced, cancel: cancel}
	for ctx.Err() == nil {
		must(cg.Consume(ctx, []string{topic}, h), "consume")
	}
	must(cg.Close(), "consumer group close")
	if len(h.seen) != produced {
		must(fmt.Errorf("consumed %d of %d", len(h.seen), produced), "consume")
	}

	groups, err := admin.ListConsumerGroups()
	must(err, "list groups")
	offsets, err := admin.ListConsumerGroupOffsets(group, map[string][]int32{topic: {0, 1}})
	must(err, "group offsets")
	committed := int64(0)
	for _, b := range offsets.Blocks[topic] {
		committed += b.Offset
	}
	client, err := sarama.NewClient(addrs, cfg)
	must(err, "client")
	newest := int64(0)
	for _, p := range []int32{0, 1} {
		o, err := client.GetOffset(topic, p, sarama.OffsetNewest)
		must(err, "offset")
		newest += o
	}
	must(client.Close(), "client close")
	must(admin.CreateTopic(topic+"-txn", &sarama.TopicDetail{NumPartitions: 1, ReplicationFactor: 1}, false), "create txn topic")
	txn := transactions(addrs, cfg, topic+"-txn")
	must(admin.DeleteTopic(topic), "delete topic")
	must(admin.Close(), "admin close")

	out, _ := json.Marshal(map[string]interface{}{
		"version":      cfg.Version.String(),
		"produced":     produced,
		"consumed":     len(h.seen),
		"committed":    committed,
		"newest":       newest,
		"groupListed":  func() bool { _, ok := groups[group]; return ok }(),
		"zstdOnV3":     fmt.Sprint(zstdErr),
		"badPassword":  fmt.Sprint(badErr),
		"transactions": txn,
	})
	fmt.Println(string(out))
}
