package dev.llmkit.api;

import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One part of a user message's content: text or an image, so multimodal models share the same API.
 */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.ImageUrl, ContentPart.ImageData {

    /** A text part. */
    static Text text(String text) {
        return new Text(text);
    }

    /** An image the provider fetches by URL. */
    static ImageUrl imageUrl(URI url) {
        return new ImageUrl(url);
    }

    /** An image sent inline. */
    static ImageData image(byte[] data, String mediaType) {
        return new ImageData(data, mediaType);
    }

    /**
     * Text.
     *
     * @param text the text; may be empty but not null
     */
    record Text(String text) implements ContentPart {
        /** Validates. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An image referenced by URL ({@code https:} or {@code data:}).
     *
     * @param url where the provider fetches the image
     */
    record ImageUrl(URI url) implements ContentPart {
        /** Validates. */
        public ImageUrl {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * An image sent inline as bytes.
     *
     * @param data the encoded image; copied on the way in and out
     * @param mediaType e.g. {@code image/png}
     */
    record ImageData(byte[] data, String mediaType) implements ContentPart {
        /** Validates and copies. */
        public ImageData {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(mediaType, "mediaType");
            if (data.length == 0) {
                throw new IllegalArgumentException("image data must not be empty");
            }
            if (!mediaType.startsWith("image/")) {
                throw new IllegalArgumentException("mediaType must be an image type such as image/png, got: " + mediaType);
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The bytes as base64, as most providers want them. */
        public String base64() {
            return Base64.getEncoder().encodeToString(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ImageData other && mediaType.equals(other.mediaType) && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + mediaType.hashCode();
        }

        @Override
        public String toString() {
            return "ImageData[" + mediaType + ", " + data.length + " bytes]";
        }
    }
}
