/** Conference mixing on the worker media engine: loudest-N talker selection, mix-minus, one encode per codec for all listeners. */
package io.switchboard.common.conference;
