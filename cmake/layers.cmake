# synack's layers, bottom first (docs/app.md). A file may include files of its own folder and
# of the layers below it, never of a layer above. Folders joined by "|" share a level and may
# not include each other: the command line and the window are two fronts over the same models.
# "app" is app/ itself (main.cpp, which starts one front or the other).
#
# cmake/check_layers.cmake reads this list on every build; it is written nowhere else.
set(SYNACK_LAYERS
    engine
    app/base
    app/capture
    app/content
    app/run
    app/draw
    app/quiz
    app/interview
    app/front
    "app/cli|app/gui"
    app)
