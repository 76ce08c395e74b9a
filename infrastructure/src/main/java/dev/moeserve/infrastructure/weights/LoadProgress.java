package dev.moeserve.infrastructure.weights;

/** Hears how far loading a checkpoint has got, in bytes of stored tensors handed to the backend. */
public interface LoadProgress {
    /** Reports nothing. */
    LoadProgress NONE = new LoadProgress() {
        @Override
        public void advanced(String shard, long bytes) {
        }

        @Override
        public void finished() {
        }
    };

    /** {@code bytes} more of {@code shard} were mapped and uploaded. */
    void advanced(String shard, long bytes);

    /** Loading is complete. */
    void finished();
}
