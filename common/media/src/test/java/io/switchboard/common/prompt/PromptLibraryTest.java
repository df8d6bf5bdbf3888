package io.switchboard.common.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.common.codec.G711;
import io.switchboard.common.codec.Pcma;
import io.switchboard.common.codec.Pcmu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PromptLibraryTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PromptLibrary.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void eightKilohertzPcmLoadsAsIs_wav() throws Exception {
        short[] pcm = Wav.sine(1000, 8000, 8000, 10000);
        Files.write(dir.resolve("welcome.wav"), Wav.pcm16(pcm, 8000, 1));
        Prompt p = new PromptLibrary(dir).get("welcome");
        assertThat(p.fallback()).isFalse();
        assertThat(p.pcm()).containsExactly(pcm);
        assertThat(p.durationMs()).isEqualTo(1000);
        assertThat(p.frameCount()).isEqualTo(50);
    }

    @Test
    void sixteenKilohertzStereoIsMixedAndDecimatedWithoutAliasing_wav() throws Exception {
        short[] tone = Wav.sine(1000, 16000, 16000, 8000);
        short[] alias = Wav.sine(5000, 16000, 16000, 8000); // above 4 kHz: would fold to 3 kHz
        short[] mixed = new short[tone.length];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (short) (tone[i] + alias[i]);
        }
        Files.write(dir.resolve("wide.wav"), Wav.pcm16(mixed, 16000, 2));
        short[] pcm = new PromptLibrary(dir).get("wide.wav").pcm();
        assertThat(pcm).hasSize(8000);
        double kept = Wav.share(pcm, 1000);
        double folded = Wav.share(pcm, 3000);
        System.out.printf("16k->8k: 1 kHz keeps %.3f of the energy, 5 kHz folded to 3 kHz %.5f%n", kept, folded);
        assertThat(kept).isGreaterThan(0.95);
        assertThat(folded).isLessThan(0.01);
    }

    @Test
    void muLawWavFromResourcesDecodes_wav_g711() throws Exception {
        Files.copy(getClass().getResourceAsStream("/media/tone440-ulaw.wav"), dir.resolve("tone.wav"));
        Prompt p = new PromptLibrary(dir).get("tone");
        assertThat(p.fallback()).isFalse();
        assertThat(p.durationMs()).isEqualTo(250);
        assertThat(Wav.share(p.pcm(), 440)).isGreaterThan(0.95);
    }

    @Test
    void aLawWavDecodes_wav_g711() throws Exception {
        short[] pcm = Wav.sine(600, 8000, 1600, 9000);
        byte[] wav = Wav.pcm16(pcm, 8000, 1);
        // Rewrite as format 6 with 8-bit A-law samples.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort(20, (short) 6).putInt(28, 8000).putShort(32, (short) 1).putShort(34, (short) 8);
        int data = 44 + 10;
        b.putInt(data - 4, pcm.length);
        for (int i = 0; i < pcm.length; i++) {
            wav[data + i] = G711.linearToAlaw(pcm[i]);
        }
        Files.write(dir.resolve("alaw.wav"), java.util.Arrays.copyOf(wav, data + pcm.length));
        Prompt p = new PromptLibrary(dir).get("alaw");
        assertThat(p.fallback()).isFalse();
        assertThat(p.pcm()).hasSize(1600);
        assertThat(Wav.share(p.pcm(), 600)).isGreaterThan(0.95);
    }

    @Test
    void missingPromptIsLoggedOnceAndPlaysTheFallbackTone_wav() {
        PromptLibrary library = new PromptLibrary(dir);
        Prompt p = library.get("no-such-prompt");
        assertThat(library.get("no-such-prompt")).isSameAs(p);
        assertThat(p.fallback()).isTrue();
        assertThat(p.durationMs()).isEqualTo(PromptLibrary.FALLBACK_MS);
        assertThat(Wav.share(p.pcm(), 425)).isGreaterThan(0.9);
        List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getFormattedMessage()).contains("no-such-prompt", "no such file", "425 Hz");
    }

    @Test
    void unreadableOrEscapingPromptsFallBackNeverThrow_wav() throws Exception {
        Files.write(dir.resolve("junk.wav"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("odd-rate.wav"), Wav.pcm16(new short[10], 11025, 1));
        PromptLibrary library = new PromptLibrary(dir);
        assertThat(library.get("junk").fallback()).isTrue();
        assertThat(library.get("odd-rate").fallback()).isTrue();
        assertThat(library.get("../../etc/passwd").fallback()).isTrue();
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("junk", "RIFF"))
                .anySatisfy(m -> assertThat(m).contains("odd-rate", "11025"))
                .anySatisfy(m -> assertThat(m).contains("outside the prompt directory"));
    }

    @Test
    void framesAreEncodedOncePerCodecAndPlayedInOrder_rfc3551_4_5_14() {
        short[] pcm = Wav.sine(500, 8000, 400, 5000); // 2.5 frames: the last is padded with silence
        Prompt p = Prompt.of("short", pcm);
        byte[][] mu = p.frames(Pcmu.INSTANCE);
        assertThat(p.frames(Pcmu.INSTANCE)).isSameAs(mu);
        assertThat(p.frames(Pcma.INSTANCE)).isNotSameAs(mu).hasNumberOfRows(3);
        assertThat(mu).hasNumberOfRows(3);
        assertThat(mu[2][100]).isEqualTo(G711.linearToUlaw((short) 0));

        AtomicInteger done = new AtomicInteger();
        PromptPlayer player = new PromptPlayer(List.of(p, p), done::incrementAndGet);
        ByteBuf out = Unpooled.buffer();
        int frames = 0;
        while (player.next(Pcmu.INSTANCE, 160, out)) {
            frames++;
        }
        assertThat(frames).isEqualTo(6);
        assertThat(out.readableBytes()).isEqualTo(6 * 160);
        assertThat(player.next(Pcmu.INSTANCE, 160, out)).isFalse();
        assertThat(done).hasValue(1);
        out.release();
    }
}
