package io.switchboard.common.dtmf;

/** Where a digit came from, for logs and for preferring one path when a phone uses two. */
public enum DigitSource { RFC4733, INBAND, SIP_INFO }
