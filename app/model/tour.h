// PhaseLens app — the guided tour: cards of the standard positional-encoding curriculum, read from a data file
// (assets/tour/tour.json) so cards can be added without code.
//
// File: {"tour": 1, "cards": [card, ...]}. A card:
//   "id"        short unique name
//   "question"  the question a student is asked
//   "state"     the state to show: keys of a saved state (state_io.h), applied over the defaults; "view" picks
//               the plot
//   "look"      what to look at in that plot
//   "try"       one thing to try
//   "checks"    claims the card makes, each {"claim": NAME, ...parameters}; checkCard() verifies them against the
//               card's state with phaselens_core (tests run it on every card). Claims:
//     rope_shift_invariant {m, n, t}       q·k of RoPE at (m, n) equals (m + t, n + t) (random q, k; state's RoPE)
//     norm_preserved {position}            |R_p x| = |x| (attention factor 1)
//     rotated_v_breaks_shift {t}           with V rotated too, shifting every position by t changes the output
//     complex_form {m, n}                  real q·k equals Re Σ_i q̃_i·conj(k̃_i)·e^{i(m−n)θ_i}
//     permutation_equivariant {mask, expect}  NoPE attention: permuting tokens permutes the output (mask
//                                          "none" or "causal"; expect true/false)
//     sinusoidal_linear_offset {offset}    PE(p + k) = M_k·PE(p) with one M_k for every p (sinusoidal, state)
//     learned_cap {max_positions}          a learned table has rows 0..T−1 and no row T
//     pairs_without_full_turn {at_least}   pairs whose wavelength exceeds the training context
//     critical_dim {value}                 Liu et al. eq. 13 for the state's D, base, training context
//     min_base {value, rel}                Men et al. lowest valid base for the state's D and training context
//     scaled_pairs {first, last}           θ'/θ of the first and last pair for the state's RoPE scaling
//     attention_factor {value}             the state's RoPE attention factor
//     llama3_bands                         Llama-3 leaves some pairs, blends some and divides some
//     alibi_slopes {heads, slopes}         ALiBi slopes
//     t5_buckets {num_buckets, max_distance, bidirectional, relative, buckets}
//     xpos_zeta_below_one                  every ζ_i in (0, 1), increasing with i
//     decay_at_zero                        RoFormer bound at Δ = 0 is (D/2 + 1)/2
//     view_builds                          the card's view builds for its state
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/app_state.h"

namespace phaselens::model {

struct TourCard {
    std::string id, question, look, tryThis;
    AppState state;
    nlohmann::json checks = nlohmann::json::array();
};

/// Parses a tour document. Throws std::invalid_argument naming the card (1-based) and the key.
std::vector<TourCard> tourFromJson(const nlohmann::json& json);
/// Reads a tour file (state_io.h readJsonInput). Throws std::invalid_argument prefixed with the path.
std::vector<TourCard> loadTourFile(const std::string& path);
/// The tour as a presentation deck (presentation.h): one slide per card, titled with its question.
std::vector<AppState> tourDeck(const std::vector<TourCard>& cards);

struct ClaimResult {
    std::string claim;
    bool ok = false;
    std::string detail;  ///< the numbers compared
};
/// Verifies every claim of `card`. An unknown claim name is a failed result naming it.
std::vector<ClaimResult> checkCard(const TourCard& card);

/// The cards of assets/tour/tour.json as built into the binary (embedded at configure time; no file is read).
std::vector<TourCard> loadBuiltInTour();

}  // namespace phaselens::model
