package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ScoringFunction;
import dev.moeserve.domain.compute.TopKMethod;

import java.util.Optional;
import java.util.OptionalInt;

/** A mutable stand-in for config.json in tests; starts as the v3-tiny fixture's settings. */
final class ConfigBuilder {
    String architecture = "DeepseekV3ForCausalLM";
    int vocabSize = 1024;
    int hiddenSize = 64;
    int intermediateSize = 160;
    int numHiddenLayers = 3;
    int numAttentionHeads = 4;
    int qLoraRank = 48;
    int kvLoraRank = 32;
    int qkNopeHeadDim = 32;
    int qkRopeHeadDim = 32;
    int vHeadDim = 32;
    int nRoutedExperts = 16;
    int nSharedExperts = 1;
    int moeIntermediateSize = 32;
    int numExpertsPerTok = 4;
    int firstKDenseReplace = 1;
    int moeLayerFreq = 1;
    ScoringFunction scoringFunc = ScoringFunction.SIGMOID;
    TopKMethod topkMethod = TopKMethod.NOAUX_TC;
    int nGroup = 4;
    int topkGroup = 2;
    boolean normTopkProb = true;
    double routedScalingFactor = 2.5;
    double ropeTheta = 10000;
    Optional<YarnScaling> ropeScaling = Optional.of(new YarnScaling(40, 16, 32, 1, 1, 1));
    double rmsNormEps = 1e-6;
    boolean tieWordEmbeddings = false;
    int maxPositionEmbeddings = 640;

    ModelConfig build() {
        return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim, nRoutedExperts, nSharedExperts,
                moeIntermediateSize, numExpertsPerTok, firstKDenseReplace, moeLayerFreq, scoringFunc, topkMethod, nGroup,
                topkGroup, normTopkProb, routedScalingFactor, ropeTheta, ropeScaling, rmsNormEps, tieWordEmbeddings,
                maxPositionEmbeddings, OptionalInt.of(0), OptionalInt.of(1), Optional.empty());
    }
}
