package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.Shape;

import java.util.List;

/** The routed experts of one projection, [experts, out, in], each expert a separate stored weight. */
final class ExpertStack extends CpuTensor {
    private final WeightTensor[] experts;

    ExpertStack(List<WeightTensor> experts) {
        super(experts.getFirst().dtype(), Shape.of(experts.size(), experts.getFirst().shape().dim(0),
                experts.getFirst().shape().dim(1)));
        this.experts = experts.toArray(WeightTensor[]::new);
    }

    int experts() {
        return experts.length;
    }

    WeightTensor expert(int e) {
        checkLive();
        return experts[e];
    }

    @Override
    void decodeRow(int row, float[] dst, int offset) {
        int perExpert = shape().dim(1);
        expert(row / perExpert).decodeRow(row % perExpert, dst, offset);
    }

    @Override
    void free() {
        super.free();
        for (WeightTensor e : experts) {
            e.free();
        }
    }
}
