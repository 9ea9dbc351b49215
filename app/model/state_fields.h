// PhaseLens model — the fields of AppState as data: one X-macro entry per leaf field (RoPE parameters one by one),
// so a view can declare exactly the fields it reads (view_registry.h) and the result cache compares exactly those.
//
//   PHASELENS_STATE_FIELDS(X)   X(id, member path): Field::id names AppState::<member path>
//   FieldSet                    a constexpr set of fields: {Field::contextLength, Field::seed} | kRopeFields
//   fieldsDiffer(set, a, b)     true when a and b differ in any field of the set
//
// Adding a field to AppState means adding its entry here (tests/ui/views/view_registry_test.cpp compares this list
// with the struct's members, and perturbs every field to check each view's declared inputs).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace phaselens::model {

struct AppState;

// clang-format off
#define PHASELENS_STATE_FIELDS(X) \
    X(view, view) \
    X(ropeHeadDim, rope.headDim) \
    X(ropeBase, rope.base) \
    X(ropePartialRotaryFactor, rope.partialRotaryFactor) \
    X(ropeType, rope.type) \
    X(ropeFactor, rope.factor) \
    X(ropeOriginalMaxPositionEmbeddings, rope.originalMaxPositionEmbeddings) \
    X(ropeMaxPositionEmbeddings, rope.maxPositionEmbeddings) \
    X(ropeSeqLen, rope.seqLen) \
    X(ropeBetaFast, rope.betaFast) \
    X(ropeBetaSlow, rope.betaSlow) \
    X(ropeYarnTruncate, rope.yarnTruncate) \
    X(ropeMscale, rope.mscale) \
    X(ropeMscaleAllDim, rope.mscaleAllDim) \
    X(ropeLowFreqFactor, rope.lowFreqFactor) \
    X(ropeHighFreqFactor, rope.highFreqFactor) \
    X(ropeShortFactor, rope.shortFactor) \
    X(ropeLongFactor, rope.longFactor) \
    X(ropeLongRopeRule, rope.longRopeRule) \
    X(ropeAttentionFactor, rope.attentionFactor) \
    X(ropePairing, ropePairing) \
    X(contextLength, contextLength) \
    X(trainingContext, trainingContext) \
    X(reduction, reduction) \
    X(maxPixels, maxPixels) \
    X(ladderScheme, ladderScheme) \
    X(ladderQuantity, ladderQuantity) \
    X(sinusoidalLayout, sinusoidalLayout) \
    X(sinusoidalDModel, sinusoidalDModel) \
    X(ladderColormap, ladderColormap) \
    X(positionStride, positionStride) \
    X(positionMarker, positionMarker) \
    X(phasePairs, phasePairs) \
    X(phasePositions, phasePositions) \
    X(scoreScheme, scoreScheme) \
    X(scoreSource, scoreSource) \
    X(seed, seed) \
    X(scaleBySqrtD, scaleBySqrtD) \
    X(mask, mask) \
    X(slidingWindow, slidingWindow) \
    X(softmax, softmax) \
    X(xposScaleBase, xposScaleBase) \
    X(scoresColormap, scoresColormap) \
    X(alibiHeads, alibiHeads) \
    X(alibiSelectedHead, alibiSelectedHead) \
    X(alibiSlopeOverride, alibiSlopeOverride) \
    X(alibiSlopeValue, alibiSlopeValue) \
    X(alibiForm, alibiForm) \
    X(alibiCausal, alibiCausal) \
    X(t5NumBuckets, t5NumBuckets) \
    X(t5MaxDistance, t5MaxDistance) \
    X(t5Bidirectional, t5Bidirectional) \
    X(biasContext, biasContext) \
    X(biasColormap, biasColormap) \
    X(extensionFactor, extensionFactor) \
    X(extensionCurrentLength, extensionCurrentLength) \
    X(theme, theme) \
    X(fontScale, fontScale) \
    X(title, title) \
    X(learnedTablePath, learnedTablePath) \
    X(learnedTensor, learnedTensor) \
    X(learnedPositions, learnedPositions) \
    X(learnedDim, learnedDim) \
    X(learnedSeed, learnedSeed) \
    X(learnedResize, learnedResize) \
    X(learnedAlignCorners, learnedAlignCorners) \
    X(learnedColormap, learnedColormap) \
    X(showUnseenVeil, showUnseenVeil) \
    X(mropeSection, mropeSection) \
    X(mropeInterleaved, mropeInterleaved) \
    X(mropeSequence, mropeSequence) \
    X(mropeTokensPerSecond, mropeTokensPerSecond) \
    X(mropeSecondPerGridT, mropeSecondPerGridT) \
    X(mropeResumeMaxHW, mropeResumeMaxHW) \
    X(mropeCastSecondPerGridT, mropeCastSecondPerGridT) \
    X(mropeGridT, mropeGridT) \
    X(mropeGridH, mropeGridH) \
    X(mropeGridW, mropeGridW) \
    X(mropeQueryFrame, mropeQueryFrame) \
    X(mropeQueryRow, mropeQueryRow) \
    X(mropeQueryCol, mropeQueryCol) \
    X(mropeKeyFrame, mropeKeyFrame) \
    X(mropeRandomQk, mropeRandomQk) \
    X(windows, windows) \
    X(layerModel, layerModel) \
    X(layerIndex, layerIndex) \
    X(layerPositional, layerPositional) \
    X(ropeProportionalPartial, ropeProportionalPartial) \
    X(queryTemperature, queryTemperature) \
    X(temperatureAttnScale, temperatureAttnScale) \
    X(temperatureFloorScale, temperatureFloorScale) \
    X(temperatureBeta, temperatureBeta) \
    X(temperatureL0, temperatureL0) \
    X(temperatureAxis, temperatureAxis) \
    X(layerSoftmaxScale, layerSoftmaxScale) \
    X(layerLogitSoftcap, layerLogitSoftcap) \
    X(layerSinks, layerSinks)
// clang-format on

enum class Field {
#define PHASELENS_FIELD_ENUM(id, path) id,
    PHASELENS_STATE_FIELDS(PHASELENS_FIELD_ENUM)
#undef PHASELENS_FIELD_ENUM
        Count
};
constexpr int kFieldCount = static_cast<int>(Field::Count);

/// A set of AppState fields (a bit per Field), usable in constant expressions.
class FieldSet {
  public:
    constexpr FieldSet() = default;
    constexpr FieldSet(std::initializer_list<Field> fields) {
        for (Field f : fields) add(f);
    }
    constexpr FieldSet& add(Field f) {
        const int i = static_cast<int>(f);
        bits_[static_cast<std::size_t>(i / 64)] |= uint64_t{1} << (i % 64);
        return *this;
    }
    constexpr FieldSet& remove(Field f) {
        const int i = static_cast<int>(f);
        bits_[static_cast<std::size_t>(i / 64)] &= ~(uint64_t{1} << (i % 64));
        return *this;
    }
    constexpr bool contains(Field f) const {
        const int i = static_cast<int>(f);
        return (bits_[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1U;
    }
    constexpr FieldSet operator|(const FieldSet& other) const {
        FieldSet out = *this;
        for (std::size_t w = 0; w < kWords; ++w) out.bits_[w] |= other.bits_[w];
        return out;
    }
    constexpr bool operator==(const FieldSet&) const = default;

  private:
    static constexpr std::size_t kWords = (kFieldCount + 63) / 64;
    std::array<uint64_t, kWords> bits_{};
};

/// Every RoPE parameter (AppState::rope, a core::RopeParams, field by field, and AppState::ropePairing).
inline constexpr FieldSet kRopeFields = {Field::ropeHeadDim,
                                         Field::ropeBase,
                                         Field::ropePartialRotaryFactor,
                                         Field::ropeType,
                                         Field::ropeFactor,
                                         Field::ropeOriginalMaxPositionEmbeddings,
                                         Field::ropeMaxPositionEmbeddings,
                                         Field::ropeSeqLen,
                                         Field::ropeBetaFast,
                                         Field::ropeBetaSlow,
                                         Field::ropeYarnTruncate,
                                         Field::ropeMscale,
                                         Field::ropeMscaleAllDim,
                                         Field::ropeLowFreqFactor,
                                         Field::ropeHighFreqFactor,
                                         Field::ropeShortFactor,
                                         Field::ropeLongFactor,
                                         Field::ropeLongRopeRule,
                                         Field::layerIndex,
                                         Field::layerPositional,
                                         Field::ropeProportionalPartial,
                                         Field::ropeAttentionFactor,
                                         Field::ropePairing};

/// The member path of a field as written in AppState ("rope.headDim", "contextLength").
const char* fieldName(Field field);
/// True when `a` and `b` differ in `field`.
bool fieldDiffers(Field field, const AppState& a, const AppState& b);
/// True when `a` and `b` differ in any field of `fields`.
bool fieldsDiffer(const FieldSet& fields, const AppState& a, const AppState& b);

}  // namespace phaselens::model
