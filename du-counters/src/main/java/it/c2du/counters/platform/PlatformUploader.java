package it.c2du.counters.platform;

import it.c2du.counters.state.StateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * One upload round: connect, publish the days, match each return code to the message it answers,
 * keep the answers in the {@link UploadLedger}, disconnect. Shared by {@code du publish} and the
 * loop in {@code du run}.
 *
 * <p>The connection subscribes to the return-code topic before the first publish, so no answer
 * can come before anyone listens. Every message is published with QoS 1 and registered as
 * waiting before it goes out; a return code is matched by content ({@link ReturnCode#answers}),
 * the only link MQTT 3.1.1 offers. An answer to no waiting message is a duplicate (the day was
 * answered already: nothing is recorded twice) or another DU's on a shared topic; both are only
 * counted. Days without an answer within the timeout are reported, not recorded: the caller sends
 * them again, which is safe since the platform keeps the last row per day.
 */
public final class PlatformUploader {
    static final Logger LOG = UploadLedger.LOG;

    /** The MQTT side, kept narrow: the real one is HiveMQ's client (du-cli); tests use a real broker. */
    public interface Connector {
        /**
         * Connects and subscribes to the return-code topic; {@code returnCodes} then receives each
         * message of that topic, on the client's thread.
         */
        Connection connect(Consumer<byte[]> returnCodes) throws UploadException;

        /** The broker, for the log (never the password). */
        String describe();
    }

    /** One connection to the broker. */
    public interface Connection extends AutoCloseable {
        /** Publishes with QoS 1 and returns once the broker has it (PUBACK). */
        void publish(byte[] payload) throws UploadException, InterruptedException;

        /** Why the connection was lost, or null while it holds. */
        String lost();

        @Override
        void close();
    }

    /**
     * What a round did.
     *
     * @param failure     why the round stopped early (cannot connect, connection lost), or null
     * @param unsent      days not published because of the failure
     * @param unanswered  days published without an answer in time
     * @param duplicates  return codes repeating an answer already kept
     * @param foreign     return codes answering no message of this round (another DU's)
     * @param unrecorded  days answered whose answer the ledger could not keep (the state directory
     *                    cannot be written: full, read-only), with what was received and why it
     *                    was not kept: "OK received, not recorded: ..."
     */
    public record Result(int sent, List<MeterDay> acknowledged, List<MeterDay> refused, List<MeterDay> unanswered,
                         List<MeterDay> unsent, String failure, int duplicates, int foreign,
                         Map<MeterDay, String> unrecorded) {
        /** Every day was answered, OK or KO, and the answer kept. */
        public boolean complete() {
            return failure == null && unanswered.isEmpty() && unsent.isEmpty() && unrecorded.isEmpty();
        }
    }

    private final Connector connector;
    private final UploadLedger ledger;
    private final Clock clock;
    private final Duration answerTimeout;

    /** @param answerTimeout how long after the last publish the return codes are waited for */
    public PlatformUploader(Connector connector, UploadLedger ledger, Clock clock, Duration answerTimeout) {
        this.connector = connector;
        this.ledger = ledger;
        this.clock = clock;
        this.answerTimeout = answerTimeout;
    }

    /** One round for {@code messages} (one per meter and day). An interrupt ends it early, as a failure. */
    public Result send(List<UploadMessage> messages) {
        Round round = new Round(messages);
        return round.run();
    }

    /** The state of one round; the client's thread delivers return codes into it. */
    private final class Round {
        private final List<UploadMessage> messages;
        private final Map<MeterDay, UploadMessage> waiting = new LinkedHashMap<>();
        private final Map<MeterDay, UploadMessage> answered = new LinkedHashMap<>();
        private final List<MeterDay> acknowledged = new ArrayList<>();
        private final List<MeterDay> refused = new ArrayList<>();
        private final Map<MeterDay, String> unrecorded = new java.util.TreeMap<>();
        private int duplicates;
        private int foreign;

        Round(List<UploadMessage> messages) {
            this.messages = messages;
        }

        Result run() {
            List<MeterDay> unsent = new ArrayList<>();
            messages.forEach(m -> unsent.add(m.key()));
            Connection c;
            try {
                c = connector.connect(this::onReturnCode);
            } catch (UploadException e) {
                LOG.warn("cannot connect to {}: {}", connector.describe(), e.getMessage());
                return result(0, unsent, List.of(), "cannot connect: " + e.getMessage());
            }
            String failure = null;
            int sent = 0;
            try (c) {
                LOG.info("connected to {}; sending {} ({})", connector.describe(), messages(messages.size()),
                        span(messages));
                for (UploadMessage m : messages) {
                    synchronized (this) {
                        waiting.put(m.key(), m);
                    }
                    try {
                        c.publish(m.bytes());
                    } catch (UploadException e) {
                        synchronized (this) {
                            waiting.remove(m.key());
                        }
                        failure = e.getMessage();
                        break;
                    }
                    sent++;
                    unsent.remove(m.key());
                    LOG.debug("sent {} {}", m.key(), m.payload());
                }
                failure = awaitAnswers(c, failure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "stopped";
            }
            List<MeterDay> unanswered;
            synchronized (this) {
                unanswered = new ArrayList<>(waiting.keySet());
                waiting.clear();
                // A day whose publish was cut short may still have been answered (the broker had it).
                unsent.removeAll(answered.keySet());
            }
            if ("stopped".equals(failure)) {
                LOG.info("stopped; {} not sent, {} without an answer: they go next time", messages(unsent.size()),
                        messages(unanswered.size()));
            } else if (failure != null) {
                LOG.warn("{}; {} not sent, {} without an answer", failure, messages(unsent.size()),
                        messages(unanswered.size()));
            } else if (!unanswered.isEmpty()) {
                LOG.warn("no return code within {} for {}: {}; sent again next time", UploadLoop.seconds(answerTimeout),
                        messages(unanswered.size()), list(unanswered));
            }
            return result(sent, unsent, unanswered, failure);
        }

        private synchronized Result result(int sent, List<MeterDay> unsent, List<MeterDay> unanswered, String failure) {
            Result r = new Result(sent, List.copyOf(acknowledged), List.copyOf(refused), List.copyOf(unanswered),
                    List.copyOf(unsent), failure, duplicates, foreign, Map.copyOf(unrecorded));
            if (sent > 0) {
                LOG.info("{} sent: {} OK, {} KO, {} without an answer{}{}{}", messages(sent), acknowledged.size(),
                        refused.size(), unanswered.size(), unrecorded.isEmpty() ? "" : ", " + unrecorded.size()
                        + " answered but not recorded", duplicates == 0 ? "" : ", " + duplicates + " duplicate return codes",
                        foreign == 0 ? "" : ", " + foreign + " return codes for other messages");
            }
            return r;
        }

        /** Waits until every message is answered, the timeout passes, or the connection is lost. */
        private synchronized String awaitAnswers(Connection c, String failure) throws InterruptedException {
            long deadline = System.nanoTime() + answerTimeout.toNanos();
            while (!waiting.isEmpty() && failure == null) {
                String lost = c.lost();
                if (lost != null) {
                    return "connection lost: " + lost;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                // Woken by each answer; the short cap notices a lost connection.
                wait(Math.max(1, Math.min(left / 1_000_000, 200)));
            }
            return failure;
        }

        /** On the client's thread: one message of the return-code topic. */
        void onReturnCode(byte[] message) {
            ReturnCode rc = ReturnCode.parse(message);
            if (rc instanceof ReturnCode.Unreadable u) {
                LOG.warn("a message on the return-code topic that is not a return code ({}); ignored", u.reason());
                return;
            }
            // Under the round's lock throughout, the ledger write included: the round cannot end between
            // keeping an answer and counting it.
            synchronized (this) {
                UploadMessage m = null;
                for (UploadMessage w : waiting.values()) {
                    if (rc.answers(w)) {
                        m = w;
                        break;
                    }
                }
                if (m == null && rc instanceof ReturnCode.Ko) {
                    for (UploadMessage w : waiting.values()) {
                        if (rc.sameRow(w)) {
                            m = w;
                            LOG.warn("a KO for {} quotes other content than was sent; taken as its answer", w.key());
                            break;
                        }
                    }
                }
                if (m == null && rc instanceof ReturnCode.Ko ko && !answered.values().stream().anyMatch(rc::answers)) {
                    // Possibly ours, unrecognisable (a phase 1 KO quoting a cut message): a person should see it.
                    LOG.warn("a KO matching no message of this round, phase {}: {}; it quotes: {}", ko.phase(),
                            oneLine(ko.error()), oneLine(shorten(String.valueOf(ko.data()))));
                    foreign++;
                    return;
                }
                if (m == null) {
                    if (answered.values().stream().anyMatch(rc::answers)) {
                        duplicates++;
                        LOG.debug("a duplicate return code, ignored");
                    } else {
                        foreign++;
                        LOG.debug("a return code for a message not sent in this round (another DU's, or an"
                                + " earlier round's), ignored");
                    }
                    return;
                }
                String notKept = keep(rc, m);
                waiting.remove(m.key());
                answered.put(m.key(), m);
                if (notKept != null) {
                    // Answered: waiting longer would not help, and "no return code" would be untrue.
                    unrecorded.put(m.key(), (rc instanceof ReturnCode.Ko ko ? "KO phase " + ko.phase() + " ("
                            + oneLine(ko.error()) + ")" : "OK") + " received, not recorded: " + notKept);
                } else {
                    (rc instanceof ReturnCode.Ko ? refused : acknowledged).add(m.key());
                }
                notifyAll();
            }
        }

        /** Keeps the answer in the ledger; returns why it cannot be kept (the day is then sent again), or null. */
        private String keep(ReturnCode rc, UploadMessage m) {
            try {
                if (rc instanceof ReturnCode.Ko ko) {
                    ledger.record(UploadLedger.Entry.ko(m, ko.phase(), ko.error(), clock.instant()));
                    LOG.warn("KO {} phase {}: {}; not sent again until the configuration changes or"
                            + " du publish --retry-ko: {}", m.key(), ko.phase(), oneLine(ko.error()), m.payload());
                } else if (ledger.record(UploadLedger.Entry.ok(m, clock.instant()))) {
                    LOG.info("OK {} {}", m.key(), m.payload());
                } else {
                    LOG.info("OK {} (already acknowledged)", m.key());
                }
                return null;
            } catch (StateException e) {
                LOG.error("the answer for {} cannot be kept: {}; it will be sent again", m.key(), e.getMessage());
                return e.getMessage();
            }
        }
    }

    /** "1 message", "3 messages": one per meter and day. */
    public static String messages(int n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    /** The days, up to 10 of them, then how many more. */
    static String list(List<MeterDay> days) {
        String shown = days.stream().limit(10).map(MeterDay::toString).collect(java.util.stream.Collectors.joining(", "));
        return days.size() > 10 ? shown + " and " + (days.size() - 10) + " more" : shown;
    }

    /** Text from the platform on one log line: control characters escaped. */
    public static String oneLine(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " characters)";
    }

    /** "1 day", "3 days". */
    public static String days(int n) {
        return n == 1 ? "1 day" : n + " days";
    }

    private static String span(List<UploadMessage> messages) {
        if (messages.isEmpty()) {
            return "none";
        }
        return messages.size() == 1 ? messages.get(0).key().toString()
                : messages.get(0).key() + " .. " + messages.get(messages.size() - 1).key();
    }
}
