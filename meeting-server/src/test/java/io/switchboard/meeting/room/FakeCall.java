package io.switchboard.meeting.room;

import io.switchboard.common.dtmf.DigitListener;
import io.switchboard.common.rtp.AudioSink;
import io.switchboard.common.rtp.FrameSource;
import io.switchboard.common.rtp.NegotiatedMedia;
import io.switchboard.common.worker.CallMedia;
import io.switchboard.common.worker.DialedCall;
import io.switchboard.common.worker.WorkerCall;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A participant's call without sockets: it writes down the prompts played, timers armed, transfers
 * and the hang-up; its media runs what the room asks on the calling thread and keeps the sink and
 * source the room set.
 */
final class FakeCall implements WorkerCall, CallMedia {
    final String number;
    final List<String> played = new ArrayList<>();
    final List<String> transfers = new ArrayList<>();
    int lastPlayId;
    int timers;
    boolean hungUp;
    volatile AudioSink sink;
    volatile FrameSource source;

    FakeCall(String number) {
        this.number = number;
    }

    synchronized String playing() {
        return played.isEmpty() ? null : played.get(played.size() - 1);
    }

    @Override
    public String callId() {
        return "call-" + number;
    }

    @Override
    public synchronized void play(int playId, String prompt) {
        lastPlayId = playId;
        played.add(prompt);
    }

    @Override
    public void stopPlayback() {
    }

    @Override
    public synchronized void armTimer(Duration after) {
        timers++;
    }

    @Override
    public synchronized void hangUp() {
        hungUp = true;
    }

    @Override
    public synchronized void transfer(String target) {
        transfers.add(target);
    }

    @Override
    public void transfer(String target, DialedCall replacing) {
        transfers.add(target);
    }

    @Override
    public Optional<String> clusterHeader(String name) {
        return Optional.empty();
    }

    @Override
    public String callerNumber() {
        return number;
    }

    @Override
    public String callerDisplayName() {
        return "";
    }

    @Override
    public InetSocketAddress signaling() {
        return new InetSocketAddress("127.0.0.1", 5060);
    }

    @Override
    public CallMedia media() {
        return this;
    }

    // ---- the media side ----

    @Override
    public int localPort() {
        return 40000;
    }

    @Override
    public void start(NegotiatedMedia media, DigitListener digits) {
    }

    @Override
    public void play(FrameSource frames) {
        source = frames;
    }

    @Override
    public void receiveAudio(AudioSink audio) {
        sink = audio;
    }

    @Override
    public String codecName() {
        return "PCMU";
    }

    @Override
    public void close() {
    }
}
