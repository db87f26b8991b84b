package org.entryguard.regulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka 4 broker (KRaft, broker and controller in one) running inside the test JVM from the Maven
 * Central jars: storage formatted like {@code kafka-storage.sh format}, then {@link KafkaRaftServer} started on free
 * loopback ports. {@link #stop}/{@link #start} restart it on the same ports and log folder, as an operator's
 * restart (or a crash's recovery) would.
 */
public final class LocalKafka implements AutoCloseable {
    private final Map<String, Object> props = new HashMap<>();
    final int port;
    private KafkaRaftServer server;

    private final Path file;

    LocalKafka(Path dir) throws IOException { this(dir, true); }

    /** Formats the storage; starts the broker in this JVM when {@code start}, else leaves that to {@link #childCommand}. */
    public LocalKafka(Path dir, boolean start) throws IOException {
        this.port = freePort();
        int controller = freePort();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("num.partitions", "4");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        Properties p = new Properties();
        p.putAll(props);
        Files.createDirectories(dir);
        this.file = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "test broker");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) throw new IOException("kafka-storage format failed: " + log.toString(StandardCharsets.UTF_8));
        if (start) start();
    }

    /** The broker's bootstrap address. */
    public String bootstrap() { return "127.0.0.1:" + port; }

    /** {@code java -cp <this JVM's class path> kafka.Kafka server.properties}: the broker as its own process. */
    public java.util.List<String> childCommand() {
        return java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", file.toString());
    }

    void start() {
        server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
    }

    /** A clean shutdown of broker and controller (what a restart does first). */
    void stop() {
        if (server == null) return;
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() { stop(); }
}
