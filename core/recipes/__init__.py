"""Every way a project is made, shared by the CLI, the app and the experiment grids.

    fonts.font_project            a source font and target fonts    zi2zi new, the New project dialog, grids
    fonts.base_model_project      every usable font of a folder     zi2zi base-model
    demo.demo_project             the bundled demo fonts and model  zi2zi demo, the app's demo, tests
    handwriting.handwriting_project   a writer's hand, from scratch or fine-tuning a base model (the wizard)
    handwriting.handwriting_from_base the bundled base model or a trained base project, and a glyph folder
                                      (zi2zi handwriting-project)

These are the only callers of the low-level Project.create. Every recipe holds characters out by the
one policy of core.recipes.held_out (its docstring states it); base_model reads and installs the model a
project starts from (the bundled one: resources/base-model/base-generator.pt, else the demo model).
"""
