# CTest include file (tests/schedule/CMakeLists.txt): COST = seconds of the test alone under ASan + UBSan
# (scripts/test.sh, 2 cores), from build-test/Testing/Temporary/CTestCostData.txt of a full run; ctest -j starts
# the most costly first.
# Names that do not exist (a filtered or Release tree) are ignored. A fixture setup (fuzz builds) counts its runs too.
# export.identity.csv_npy: 206 s with one process per export, about 60 s through export_batch.
# Only the order changes: what a test checks and how long it fuzzes are set where the test is defined.
set_tests_properties(fuzz.build PROPERTIES COST 250)
set_tests_properties(ui.views.TrustRandomWalk.NoViewOfAValidStateShowsAnError PROPERTIES COST 200)
set_tests_properties(export.identity.csv_npy PROPERTIES COST 70)
set_tests_properties(fuzz.files_build PROPERTIES COST 100)
set_tests_properties(export.figure.FigureLayout.NoLegendOrLabelCoversDataOrAnotherLabel PROPERTIES COST 57)
set_tests_properties(hardening.LayoutProperty.EveryViewLaysOutAtAnySizeWithAnyCaption PROPERTIES COST 50)
set_tests_properties(config.fuzz_parser PROPERTIES COST 41)
set_tests_properties(ui.views.TrustRandomWalk.NoBaseBoundFigureOfAValidStateShowsAnError PROPERTIES COST 40)
set_tests_properties(export.figure.PdfExport.EveryViewOpensRasterizesAndMatchesThePng PROPERTIES COST 39)
set_tests_properties(hardening.kill.sigterm PROPERTIES COST 37)
set_tests_properties(hardening.kill.kill-9 PROPERTIES COST 36)
set_tests_properties(fuzz.compute_args PROPERTIES COST 22)
set_tests_properties(config.HeadlessModelPanel.EveryPresetDrawsAndItsViewsCompute PROPERTIES COST 20)
set_tests_properties(HeatmapProgress.CancelledBeforeStartVisitsNothing PROPERTIES COST 19)
set_tests_properties(fuzz.layout PROPERTIES COST 15)
set_tests_properties(ui.views.GlyphCoverage.EveryViewsTextsAreInTheFont PROPERTIES COST 14)
set_tests_properties(fuzz.npy fuzz.state_file fuzz.safetensors hardening.kill.cli-defects PROPERTIES COST 11)
set_tests_properties(export.cli.ExportCli.BadInputFailsCleanlyWithExit2 PROPERTIES COST 10)
