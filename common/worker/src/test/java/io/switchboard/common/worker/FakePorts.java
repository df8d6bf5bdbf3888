package io.switchboard.common.worker;

import java.util.ArrayList;
import java.util.List;

/** RTP port pairs without sockets: {@code pairs} of them, from 30000 up, and the media handed out. */
final class FakePorts implements MediaPorts {
    private final int pairs;
    final List<FakeMedia> opened = new ArrayList<>();

    FakePorts(int pairs) {
        this.pairs = pairs;
    }

    @Override
    public synchronized CallMedia open() {
        long inUse = opened.stream().filter(m -> !m.closed).count();
        if (inUse >= pairs) {
            return null;
        }
        FakeMedia media = new FakeMedia(30000 + 2 * opened.size());
        opened.add(media);
        return media;
    }

    synchronized FakeMedia last() {
        return opened.get(opened.size() - 1);
    }
}
