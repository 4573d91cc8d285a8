"""`zi2zi bench` figures: training and inference together, inference alone, the widths it measured."""

from core.bench import run_benchmark


def test_bench_with_zero_steps_times_inference_alone():
    figures = run_benchmark(image_size=32, steps=0, device="cpu", threads=1, infer_batch=4, infer_glyphs=8,
                            channels=8)
    assert "train_images_per_second" not in figures
    assert figures["infer_glyphs_per_second"] > 0 and figures["infer_cpu_ms_per_glyph"] > 0
    assert figures["infer_gflops_per_second"] > 0
    assert figures["generator_channels"] == figures["discriminator_channels"] == 8


def test_bench_can_narrow_the_generator_alone():
    figures = run_benchmark(image_size=32, batch_size=2, steps=1, warmup=0, device="cpu", threads=1,
                            infer_batch=2, infer_glyphs=2, channels=8, generator_channels=4)
    assert figures["generator_channels"] == 4 and figures["discriminator_channels"] == 8
    assert figures["train_images_per_second"] > 0 and figures["train_cpu_seconds_per_step"] > 0
