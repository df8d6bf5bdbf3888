package io.switchboard.common.sip;

import gov.nist.core.CommonLogger;
import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's logger for use without a SipStack. Left alone, the RI's {@code CommonLogger} loads
 * log4j 1.x on its first log call (e.g. when parsing a lone CRLF) and, log4j not being on our
 * class path, throws {@code NoClassDefFoundError} out of the parser. Installed once per process;
 * RI debug chatter is off, its warnings and errors go to SLF4J at debug (hostile input is not our error).
 */
final class StackLoggerToSlf4j implements StackLogger {
    private static final Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");

    static synchronized void install() {
        if (CommonLogger.legacyLogger == null) {
            CommonLogger.legacyLogger = new StackLoggerToSlf4j();
        }
        CommonLogger.useLegacyLogger = true;
    }

    @Override public void logStackTrace() { }
    @Override public void logStackTrace(int traceLevel) { }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { log.debug("RI exception", ex); }
    @Override public void logDebug(String message) { }
    @Override public void logDebug(String message, Exception ex) { }
    @Override public void logTrace(String message) { }
    @Override public void logFatalError(String message) { log.debug(message); }
    @Override public void logError(String message) { log.debug(message); }
    @Override public boolean isLoggingEnabled() { return false; }
    @Override public boolean isLoggingEnabled(int logLevel) { return logLevel <= TRACE_WARN && log.isDebugEnabled(); }
    @Override public void logError(String message, Exception ex) { log.debug(message, ex); }
    @Override public void logWarning(String message) { log.debug(message); }
    @Override public void logInfo(String message) { }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public String getLoggerName() { return "gov.nist.javax.sip"; }
}
