/** Sample-rate conversion between the engine's 8 kHz and wideband 16 kHz audio, without allocation per frame. */
package io.switchboard.common.dsp;
