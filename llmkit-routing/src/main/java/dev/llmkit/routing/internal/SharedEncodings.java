package dev.llmkit.routing.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * The one jtokkit registry of this JVM, shared by every token counter. Each encoding's merge table (a few MB, read
 * from the resources bundled in the jtokkit jar, never downloaded) is loaded on first use, once: the holder classes
 * below are initialised by the JVM exactly once and safely published to every thread. jtokkit encodings keep no
 * mutable state while encoding, so one instance serves every thread.
 */
public final class SharedEncodings {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private SharedEncodings() {}

    /** cl100k_base, loaded on first use. */
    public static Encoding cl100kBase() {
        return Cl100k.ENCODING;
    }

    /** o200k_base, loaded on first use. */
    public static Encoding o200kBase() {
        return O200k.ENCODING;
    }

    private static final class Cl100k {
        static final Encoding ENCODING = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
    }

    private static final class O200k {
        static final Encoding ENCODING = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    }
}
