package org.entryguard.regulator.bus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.entryguard.core.EntryGuardException;
import org.entryguard.regulator.RegulatorConfig;
import org.entryguard.regulator.store.StoredAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of a city: intake nodes publish each verified alert to a topic keyed by venue (so one venue's alerts
 * keep their order in one partition) with an idempotent producer and {@code acks=all}; the sender gets its 200
 * only after the broker acknowledged. Consumer nodes (a consumer group) write batches through {@link StoreWriter}
 * and commit the offsets only after the database transaction committed. A crash between the two redelivers the
 * batch, and insert-if-absent turns the redelivery into "already stored": nothing lost, nothing stored twice.
 */
public final class KafkaBus implements AlertBus {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBus.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What travels on the topic. */
    record Message(StoredAlert alert, byte[] image, String imageType, long arrivedEpochMicros) { }

    private final RegulatorConfig.Kafka config;
    private final StoreWriter writer;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService sender;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread consumerThread;
    private volatile boolean closed;

    /** Connects; creates the topic when it does not exist. */
    public KafkaBus(RegulatorConfig.Kafka config, StoreWriter writer) {
        this.config = config;
        this.writer = writer;
        ensureTopic();
        if (config.intake()) {
            Properties p = common();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            p.putAll(config.extra());
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            // send() may block while the broker is unreachable (metadata); never on a Netty event loop
            sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "entryguard-kafka-send");
                t.setDaemon(true);
                return t;
            });
        } else {
            producer = null;
            sender = null;
        }
        if (config.consumer()) {
            Properties c = common();
            c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.putAll(config.extra());
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(config.topic()));
            consumerThread = new Thread(this::consume, "entryguard-kafka-consume");
            consumerThread.setDaemon(true);
            consumerThread.start();
        } else {
            consumer = null;
            consumerThread = null;
        }
    }

    private Properties common() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "entryguard-regulator");
        return p;
    }

    private void ensureTopic() {
        Properties p = common();
        p.putAll(config.extra());
        try (Admin admin = Admin.create(p)) {
            Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            if (names.contains(config.topic())) return;
            admin.createTopics(List.of(new NewTopic(config.topic(), Optional.empty(), Optional.empty()))).all().get(15, TimeUnit.SECONDS);
            LOG.info("created Kafka topic {}", config.topic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EntryGuardException("cannot create the Kafka topic " + config.topic() + " on " + config.bootstrapServers()
                        + ": " + e.getCause().getMessage() + " (create it yourself, or let this user create topics)", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new EntryGuardException("Kafka at " + config.bootstrapServers() + " did not answer in 15 s: check kafka.bootstrapServers"
                    + " in the config and that the brokers run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntryGuardException("interrupted while connecting to Kafka", e);
        }
    }

    @Override
    public CompletableFuture<Outcome> publish(VerifiedAlert alert) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (producer == null) {
            f.completeExceptionally(new IllegalStateException("this node is a Kafka consumer only (kafka.role=consumer): it takes no alerts"));
            return f;
        }
        if (closed) {
            f.completeExceptionally(new RejectedExecutionException("the regulator is shutting down"));
            return f;
        }
        byte[] value;
        try {
            long ageMicros = (System.nanoTime() - alert.arrivedNanos()) / 1000;
            value = JSON.writeValueAsBytes(new Message(alert.alert(), alert.image(), alert.imageType(),
                    System.currentTimeMillis() * 1000 - ageMicros));
        } catch (IOException e) {
            f.completeExceptionally(e);
            return f;
        }
        try {
            sender.execute(() -> {
                try {
                    producer.send(new ProducerRecord<>(config.topic(), alert.alert().venueId(), value), (md, err) -> {
                        if (err != null) f.completeExceptionally(err);
                        else f.complete(Outcome.QUEUED);
                    });
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    private void consume() {
        List<VerifiedAlert> batch = new ArrayList<>();
        while (!closed) {
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) continue;
                batch.clear();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                Map<TopicPartition, Long> first = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    first.putIfAbsent(tp, r.offset());
                    next.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    try {
                        Message m = JSON.readValue(r.value(), Message.class);
                        long ageNanos = Math.max(0, System.currentTimeMillis() * 1000 - m.arrivedEpochMicros()) * 1000;
                        batch.add(new VerifiedAlert(m.alert(), m.image(), m.imageType(), System.nanoTime() - ageNanos));
                    } catch (IOException | RuntimeException e) {
                        // a record no node can read would block its partition forever: log it whole, skip it
                        LOG.error("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                try {
                    writer.write(batch);
                } catch (RuntimeException e) {
                    LOG.error("cannot store {} alerts from Kafka; retrying them in 1 s: {}", batch.size(), e.getMessage());
                    first.forEach(consumer::seek);
                    Thread.sleep(1000);
                    continue;
                }
                // only after the database committed: a crash before this line redelivers, and the store drops the repeats
                consumer.commitSync(next);
            } catch (WakeupException e) {
                if (closed) break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // e.g. a commit failed in a rebalance: the records come again, to this node or another, and dedupe
                LOG.warn("Kafka consumer: {}; continuing", e.toString());
            }
        }
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        closed = true;
        if (sender != null) {
            sender.shutdown();
            try {
                sender.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(10));
        }
        if (consumer != null) {
            consumer.wakeup();
            try {
                consumerThread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
