package io.switchboard.signaling.registrar;

/**
 * Every rule of {@link RegistrarTest} again, on REGISTERs read by {@code RawRequest} (the path a
 * registration storm takes) instead of the RI parser: both paths must answer alike.
 */
class RegistrarRawPathTest extends RegistrarTest {
    @Override
    boolean rawPath() {
        return true;
    }
}
