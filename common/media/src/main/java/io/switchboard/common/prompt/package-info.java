/**
 * Voice prompts: RIFF/WAVE files (8 or 16 kHz 16-bit PCM, G.711 A-law or µ-law) read once, brought to
 * 8 kHz, cut into 20 ms frames and encoded once per codec; a prompt that cannot be read is logged and
 * replaced by a tone so a caller never hears nothing and the application never sees an exception.
 */
package io.switchboard.common.prompt;
