package dev.switchboard.rest.internal.http;

import javax.servlet.AsyncListener;
import javax.servlet.WriteListener;

/**
 * A chat request whose body has been read, in flight: it writes its answer without blocking and hears the
 * connection's write and async events from the {@link RequestBody} that created it.
 */
interface Exchange extends WriteListener, AsyncListener {

    /** Calls the gateway; the answer arrives on the gateway's threads. */
    void start();
}
