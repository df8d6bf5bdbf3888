package io.switchboard.common;
