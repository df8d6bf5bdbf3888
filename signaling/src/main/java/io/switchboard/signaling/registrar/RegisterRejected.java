package io.switchboard.signaling.registrar;

/** Thrown inside a binding update to abort it; the registrar turns it into the failure's response. */
final class RegisterRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RegisterFailure failure;

    RegisterRejected(RegisterFailure failure) {
        super(failure.warning(), null, false, false);
        this.failure = failure;
    }
}
