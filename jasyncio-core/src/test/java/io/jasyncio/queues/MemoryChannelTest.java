package io.jasyncio.queues;

import static io.jasyncio.Settle.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MemoryChannelTest {

    @Test
    void iterationEndsWhenEverySenderCloneIsClosed() {
        List<Integer> got = Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(2);
            SendChannel<Integer> tx = ch.sender();
            SendChannel<Integer> tx2 = tx.clone();
            Asyncio.createTask("p1", () -> {
                try (tx) {
                    for (int i = 0; i < 5; i++) {
                        tx.send(i);
                    }
                }
                return null;
            });
            Asyncio.createTask("p2", () -> {
                try (tx2) {
                    tx2.send(100);
                }
                return null;
            });
            List<Integer> all = new ArrayList<>();
            try (var rx = ch.receiver()) {
                for (int v : rx) {
                    all.add(v);
                }
                assertThatThrownBy(rx::receive).isInstanceOf(EndOfChannelException.class);
            }
            return all;
        });
        assertThat(got).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 100);
        assertThat(got.stream().filter(v -> v < 100).toList()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void rendezvousSendReturnsOnlyWhenAReceiverTookTheItem() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<String>open(0);
            Task<Void> sender = Asyncio.createTask("s", () -> {
                ch.sender().send("x");
                return null;
            });
            settle();
            assertThat(sender.isDone()).isFalse();
            assertThat(ch.size()).isZero();
            assertThat(ch.receiver().receive()).isEqualTo("x");
            settle();
            assertThat(sender.isDone()).isTrue();
            assertThat(ch.sender().trySend("y")).isFalse();   // nobody waits to receive
            return null;
        });
    }

    @Test
    void boundedChannelAppliesBackpressure() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(2);
            assertThat(ch.sender().trySend(1)).isTrue();
            assertThat(ch.sender().trySend(2)).isTrue();
            assertThat(ch.sender().trySend(3)).isFalse();
            Task<Void> s = Asyncio.createTask("s", () -> {
                ch.sender().send(3);
                return null;
            });
            settle();
            assertThat(s.isDone()).isFalse();
            assertThat(ch.receiver().tryReceive()).isEqualTo(1);
            settle();
            assertThat(s.isDone()).isTrue();
            assertThat(List.of(ch.receiver().receive(), ch.receiver().receive())).containsExactly(2, 3);
            assertThat(ch.receiver().tryReceive()).isNull();
            return null;
        });
    }

    @Test
    void sendersFailWhenEveryReceiverIsClosed() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(0);
            Task<Void> s = Asyncio.createTask("s", () -> {
                ch.sender().send(1);
                return null;
            });
            settle();
            ReceiveChannel<Integer> rx2 = ch.receiver().clone();
            ch.receiver().close();
            settle();
            assertThat(s.isDone()).isFalse();   // a clone is still open
            rx2.close();
            settle();
            assertThat(s.exception()).isInstanceOf(BrokenChannelException.class);
            assertThatThrownBy(() -> ch.sender().send(2)).isInstanceOf(BrokenChannelException.class);
            assertThatThrownBy(() -> ch.receiver().receive()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
            assertThatThrownBy(() -> ch.receiver().clone()).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void waitingReceiverSeesEndOfStreamWhenSendersClose() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(1);
            Task<Integer> r = Asyncio.createTask("r", () -> ch.receiver().receive());
            settle();
            ch.sender().close();
            ch.sender().close();   // idempotent
            settle();
            assertThat(r.exception()).isInstanceOf(EndOfChannelException.class);
            assertThatThrownBy(() -> ch.sender().send(1)).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void cancelledReceiverTakesNothingAndCancelledSenderSendsNothing() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(0);
            Task<Integer> r = Asyncio.createTask("r", () -> ch.receiver().receive());
            settle();
            r.cancel();
            settle();
            Task<Void> s = Asyncio.createTask("s", () -> {
                ch.sender().send(1);
                return null;
            });
            settle();
            s.cancel();
            settle();
            assertThat(r.isCancelled()).isTrue();
            assertThat(s.isCancelled()).isTrue();
            assertThat(ch.receiver().tryReceive()).isNull();
            return null;
        });
    }

    @Test
    void statisticsReportBufferOpenEndsAndWaitingTasks() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(1);
            assertThat(ch.statistics()).isEqualTo(new MemoryChannel.Statistics(0, 1, 1, 1, 0, 0));
            SendChannel<Integer> tx2 = ch.sender().clone();
            ch.sender().send(1);
            Asyncio.createTask("s1", () -> {
                ch.sender().send(2);
                return null;
            });
            Asyncio.createTask("s2", () -> {
                tx2.send(3);
                return null;
            });
            settle();
            assertThat(ch.sender().statistics()).isEqualTo(new MemoryChannel.Statistics(1, 1, 2, 1, 2, 0));
            for (int i = 1; i <= 3; i++) {
                assertThat(ch.receiver().receive()).isEqualTo(i);
            }
            ReceiveChannel<Integer> rx2 = ch.receiver().clone();
            Asyncio.createTask("r", () -> rx2.receive());
            settle();
            tx2.close();
            assertThat(rx2.statistics()).isEqualTo(new MemoryChannel.Statistics(0, 1, 1, 2, 0, 1));
            ch.sender().send(4);
            return null;
        });
    }

    @Nested
    class ClosingAnEnd {
        @Test
        void closingTheSendEndFailsATaskWaitingToSendThroughIt() {
            Loops.runVirtual(() -> {
                var ch = MemoryChannel.<Integer>open(0);
                Task<Void> s = Asyncio.createTask("s", () -> {
                    ch.sender().send(1);
                    return null;
                });
                settle();
                ch.sender().close();
                settle();
                assertThat(s.exception()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("was closed while the task waited to send");
                assertThatThrownBy(() -> ch.receiver().tryReceive()).isInstanceOf(EndOfChannelException.class);
                return null;
            });
        }

        @Test
        void closingTheLastReceiveEndFailsATaskWaitingToReceiveThroughIt() {
            Loops.runVirtual(() -> {
                var ch = MemoryChannel.<Integer>open(1);
                Task<Integer> r = Asyncio.createTask("r", () -> ch.receiver().receive());
                settle();
                ch.receiver().close();
                settle();
                assertThat(r.exception()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("was closed while the task waited to receive");
                assertThatThrownBy(() -> ch.sender().send(1)).isInstanceOf(BrokenChannelException.class);
                return null;
            });
        }

        @Test
        void closingOneSendCloneFailsItsSenderAndTheOtherClonesSenderProceeds() {
            Loops.runVirtual(() -> {
                var ch = MemoryChannel.<String>open(0);
                SendChannel<String> s1 = ch.sender();
                SendChannel<String> s2 = s1.clone();
                Task<Void> a = Asyncio.createTask("a", () -> {
                    s1.send("through s1");
                    return null;
                });
                Task<Void> b = Asyncio.createTask("b", () -> {
                    s2.send("through s2");
                    return null;
                });
                settle();
                s1.close();
                settle();
                assertThat(a.exception()).isInstanceOf(IllegalStateException.class);
                assertThat(ch.receiver().receive()).isEqualTo("through s2");
                settle();
                assertThat(b.isDone() && b.exception() == null).isTrue();
                assertThat(ch.receiver().tryReceive()).isNull();   // s2 is still open: no end of stream
                return null;
            });
        }

        @Test
        void closingOneReceiveCloneFailsItsReceiverAndLeavesTheNextItemForTheOther() {
            Loops.runVirtual(() -> {
                var ch = MemoryChannel.<String>open(0);
                ReceiveChannel<String> r1 = ch.receiver();
                ReceiveChannel<String> r2 = r1.clone();
                Task<String> a = Asyncio.createTask("a", () -> r1.receive());
                Task<String> b = Asyncio.createTask("b", () -> r2.receive());
                settle();
                r1.close();
                settle();
                assertThat(a.exception()).isInstanceOf(IllegalStateException.class);
                ch.sender().send("next");
                assertThat(b.await()).isEqualTo("next");
                return null;
            });
        }
    }

    @Test
    void aHandedOverItemIsReturnedEvenIfTheReceiverIsCancelledInTheSameIteration() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<Integer>open(0);
            int[] received = {0};
            boolean[] cancelledLater = {false};
            Task<Void> r = Asyncio.createTask("r", () -> {
                received[0] = ch.receiver().receive();
                try {
                    Asyncio.yieldNow();
                } catch (io.jasyncio.CancelledError e) {
                    cancelledLater[0] = true;
                    throw e;
                }
                return null;
            });
            settle();
            ch.sender().send(9);   // completes r's receive...
            r.cancel();            // ...then the cancel lands before r resumes
            settle();
            assertThat(received[0]).isEqualTo(9);
            assertThat(cancelledLater[0]).isTrue();
            assertThat(r.isCancelled()).isTrue();
            return null;
        });
    }
}
