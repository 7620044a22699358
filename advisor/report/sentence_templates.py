"""The English sentences scoring, the probes and the benchmark analysis write, as templates.

Each is written here exactly as its module writes it, with `{slots}` for the values, and marked
for the catalogue: advisor.report.scoring_text matches a saved sentence against them and writes
the translation, each slot's value translated through these templates again (so "measured:
{evidence}" and the evidence line inside it compose). The first template that matches a whole
sentence wins: a specific one stands before a generic one that would also match.
"""

from __future__ import annotations

from advisor.i18n import N_

#: Whole sentences (or "; "-separated parts), as str.format templates.
TEMPLATES: tuple[str, ...] = (
    # Why a hybrid was not recommended (hybrid_note).
    N_("A hybrid was considered, but its bridge cost leaves {option} ahead."),
    N_("A hybrid was considered, but both the research and the deployment side favour"
       " {option}."),
    N_("A hybrid was considered, but one side leads by less than {points} points, too little to"
       " justify two frameworks."),
    N_("A hybrid was considered, but it needs both frameworks and a hard constraint excludes"
       " {options}."),
    # What would settle a close call (settle).
    N_("Agree how much {criterion} matters: at priority {level} (now {now}) the recommendation"
       " becomes {option}."),
    N_("Check the answers behind {criterion} (a derived weight): at weight {level} (now {now})"
       " the recommendation becomes {option}."),
    N_("Prototype the conversion path early: export one model to the deployment runtime and"
       " compare its accuracy and latency with the original."),
    N_("Build a small proof of concept in {winner} and in {runner} with the team and compare the"
       " effort."),
    N_("Measure both frameworks on the target hardware (advisor assess without --no-probes):"
       " measured speed moves Performance (weight {weight})."),
    N_("Measure both frameworks on the target hardware (advisor assess without --no-probes):"
       " measured speed moves Performance."),
    # Parts of a flip sentence (flip_text).
    N_("a rating of {rating} for {option} on {criterion} (now {now}) would tie"),
    N_("with {criterion} at priority {levels} (now {now}), {option} would be recommended"),
    N_("never within {low}-{high}: at any priority of {criterion} from {low2} to {high2} (now"
       " {now}) {option} stays the recommendation"),
    # A derived criterion's flip; {detail} says what sets its weight (the appendix shows it).
    N_("never: no derived weight of {criterion} on the decision model's {low}-{high} scale makes"
       " {runner} beat {winner} ({detail})"),
    N_("{runner} would win if the derived weight of {criterion} dropped below {weight} on the"
       " decision model's {low}-{high} scale ({detail})"),
    N_("{runner} would win if the derived weight of {criterion} rose above {weight} on the"
       " decision model's {low}-{high} scale ({detail})"),
    # The cross-check with other decision methods (advisor.scoring.crosscheck).
    N_("TOPSIS and SPOTIS agree with the weighted sum"),
    N_("{methods} disagree with the weighted sum: weigh the margin with care"),
    N_("not run: pymcdm is not installed (pip install pymcdm)"),
    # The evidence lines of each criterion (advisor.scoring.matrix), shown in the appendix.
    N_("base PyTorch {pytorch} / TensorFlow {tensorflow}: {source}"),
    N_("base weight {weight} (decision model, derived criterion)"),
    N_("{deltas}: {reason} [rule {rule}: {condition}]"),
    N_("{deltas}: {reason} [rule {rule}; {source}]"),
    N_("{option} rating {rating} clamped to the scale: {clamped}"),
    N_("mean of {count} rows of the table by {question} ({source})"),
    # Why probe evidence was shown but not applied (advisor.scoring.evidence).
    N_("measured on {devices}, but the project targets {targets}; benchmark on the target"
       " hardware to apply it"),
    N_("{count} of {total} workloads were too noisy to compare ({noisy}); probe again on a quiet"
       " machine"),
    N_("what matters is whether a package exists and is maintained for the framework, which the"
       " domain table rates, not what this machine has installed"),
    # A note on an old answer (advisor.questionnaire.answers).
    N_("{question}: {old} is an old answer, now split into {new}; it was read as {read}. Answer"
       " the one that fits your devices (for example --set {question2}=...) for advice specific"
       " to them"),
    # The benchmark analysis (advisor.benchmarking) and the timing harness' notes.
    N_("the CPU"), N_("the GPU"), N_("the GPU {name}"),
    N_("a one-off start-up cost, not the speed of the work"),
    N_("IQR/median {share} is above the {target} target: the budget ran out"),
    # Probe evidence in the matrix appendix (advisor.scoring.matrix, evidence, rules).
    N_("measured: {evidence}"),
    N_("not applied: {reason}"),
    N_("{leader} {factor}x faster on {where} (TensorFlow/PyTorch time ratio {ratio}; {how})"),
    N_("benchmark_summary of the probe report ({mode} mode: {workloads}), interval"
       " {low}-{high}"),
    N_("benchmark_summary of the probe report ({mode} mode: {workloads})"),
    N_("benchmark_summary of the probe report ({mode} mode), interval {low}-{high}"),
    N_("benchmark_summary of the probe report ({mode} mode)"),
    N_("geometric mean of {mode} median-time ratios over {count} workloads ({detail}),"
       " bootstrap interval {low}-{high}"),
    N_("geometric mean of {mode} median-time ratios over {count} workloads ({detail})"),
    N_("the probe report's benchmark_summary does not say which mode and workloads it covers,"
       " so the rows were used"),
    N_("the probe report's benchmark_summary has no {mode}-mode part"),
    N_("the probe report's benchmark_summary has no {mode}-mode ratio"),
    N_("the probe report's benchmark_summary includes {workloads}, which the decision model"
       " excludes"),
    N_("the probe report's benchmark_summary covers other workloads ({workloads}) than the"
       " decision model selects"),
    N_("within {share}: no move"),
    N_("the interval contains 1 (no significant difference): no move"),
    N_("no move"),
    N_("{count} TPU(s) detected"),
    N_("{count} AMD GPU(s) detected ({name})"),
    N_("PyTorch can reach the TPU through torch_xla {version} (installed; not started by the"
       " probe)"),
    N_("{option} sees {count} accelerator device(s)"),
    N_("{option} sees no accelerator although the hardware probe found {kinds} (CPU-only build"
       " or driver mismatch)"),
    N_("the probed machine has no GPU or TPU"),
    N_("the hardware answers ({hardware}) are used as given"),
    N_("{option} ecosystem on the probed machine: {notes}"),
    # Why the benchmarks do not apply (advisor.scoring.applicability).
    N_("the run was not fair: the machine was busy (other processes competed for the CPUs), so"
       " its ratios are indicative only; probe again on a quiet machine"),
    N_("the run was not fair: {warning} (and {count} more)"),
    N_("the run was not fair: {warning}"),
    N_("the probe marked its conditions unfair"),
    # A busy machine and unequal conditions (advisor.benchmarking.contention, fairness).
    N_("the machine was busy during the {framework} run ({signs}): other processes competed for"
       " the CPUs, so its timings include contention"),
    N_("a task waited for a CPU {share} of the time"),
    N_("the hypervisor took {share} of the CPU time"),
    N_("{runnable} runnable tasks of other processes on average while {left} of {cpus} CPUs"
       " were left to them"),
    N_("1-minute load average up to {load} on {cpus} CPUs"),
    N_("{free} of {cpus} CPUs were free before the run"),
    N_("few CPUs were free before the run"),
    N_("both frameworks ran with {threads} thread(s) to fit them"),
    N_("{setting} differ: PyTorch {pytorch}, TensorFlow {tensorflow}"),
    N_("{setting} differs: PyTorch {pytorch}, TensorFlow {tensorflow}"),
    # The benchmark probes' ledger (probes/bench_torch.py, bench_tensorflow.py).
    N_("none needed (CPU ops complete before returning)"),
    N_("none needed (CPU eager ops complete before returning)"),
    N_("{workload} compiles the model (forward and backward), the Adam step stays eager"),
    N_("{workload} compiles the whole step (forward, backward and the Adam update)"),
    N_("disabled while sampling"),
    N_("import of the framework in a fresh process"),
    N_("the model's forward"),
    N_("the encoder layer's forward"),
    N_("the whole step (forward, loss, backward, Adam update), as XLA does"),
    N_("two graphs, split at loss.backward()"),
    N_("zero_grad stays eager"),
    N_("the whole step (forward, loss, gradients, Adam update), one XLA cluster"),
    N_("model(x, training=False), no gradient tape"),
    N_("kept (PyTorch's default; set_flush_denormal not called)"),
    N_("flushed to zero in eager ops (TensorFlow's default), kept by XLA"),
    N_("nn.TransformerEncoderLayer(batch_first=True, post-norm, relu, dropout {rate} inactive in"
       " eval)"),
    N_("eager eval + inference_mode takes its fused fast path where eligible"),
    N_("one encoder layer, d_model {width}, {heads} heads, feed-forward {hidden}, sequence"
       " {length}, batch {batch}, inference"),
    N_("{layers}, post-norm, relu, dropout {rate} inactive at inference"),
    N_("{layers}, batch {batch}, inference"),
    N_("{layers}, {count} MNIST-shaped images"),
    N_("forward, backward, Adam"),
    N_("{model} decoder, sequence {length}, {layers} layers x {width}, {heads} heads, FF {hidden},"
       " GELU, pre-norm, causal mask, LM head over {tokens} tokens, untrained"),
    N_("{model} encoder, sequence {length}, {layers} layers x {width}, {heads} heads, FF {hidden},"
       " GELU, post-norm, token + position embeddings, untrained"),
    N_("{model}, {size} images, {layers} layers x {width}, {heads} heads, MLP {hidden}, untrained"),
    N_("{model}, {size} RGB images, untrained ({origin})"),
    N_("the article measured {variant}"),
    N_("batch {batch}, inference"),
    N_("calls grouped until a sample lasts at least {ms} ms (the count from the last warm-up"
       " call, per framework and workload)"),
    N_("{count} calls per sample for every workload in both frameworks, synchronised before and"
       " after each sample"),
    N_("{workload} cycles {images} random image batches and {labels} random label batches"
       " independently"),
    N_("time.perf_counter, less the time spent waiting for turns"),
    N_("in turns with the other framework's probe, never at once: {count} turns (import and"
       " builds, then one sampling round each)"),
    N_("torchvision's compiled ops (detection: nms, roi_align...) do not load with this torch"
       " build; the classification models do not use them"),
    # The frameworks' probes' warnings (probes/framework_torch.py, framework_tensorflow.py).
    N_("CUDA is not available: this is a CPU-only build"),
    N_("no C++ compiler found ($CXX, c++, g++, clang++): torch.compile's CPU backend (inductor)"
       " needs one, so compiled-mode results on CPU will be missing"),
    N_("an NVIDIA GPU is present but this torch build is CPU-only (no CUDA): install a CUDA"
       " build of torch to use the GPU"),
    N_("an AMD GPU is present but this torch build has no ROCm (HIP): install a ROCm build of"
       " torch to use the GPU"),
    N_("torch is built for GPUs and a GPU is present, but torch cannot use it (driver missing or"
       " too old, or CUDA_VISIBLE_DEVICES hides it)"),
    N_("this is a debug build of torch: timings will be much slower"),
    N_("tensorflow-cpu is installed on a machine with an NVIDIA GPU: it cannot use the GPU;"
       " install tensorflow[and-cuda] instead"),
    N_("an NVIDIA GPU is present but this TensorFlow build has no CUDA"),
    N_("an AMD GPU is present but this TensorFlow build has no ROCm"),
    N_("TensorFlow is built with CUDA and an NVIDIA GPU is present, but TensorFlow sees no GPU"
       " (CUDA libraries missing? install tensorflow[and-cuda]; or CUDA_VISIBLE_DEVICES)"),
    N_("CUDA could not start, so the GPU is unusable: {error}"),
    # The ecosystem probe's compatibility checks (probes/ecosystem.py, ecosystem_catalogue.json).
    N_("not both installed"),
    N_("compatible"),
    N_("{package} {version} expects {partner} {expected}, found {found}"),
    N_("{package} {version} needs {partner} {expected} or newer in the same minor band"),
    N_("{runtime} {version} does not support opset {opset} exported by {framework} {found}"),
    N_("{runtime} reads the opset {framework} exports"),
    N_("{package} matches {partner}"),
    N_("torchvision 0.(15+N) is built for torch 2.N (0.15 with 2.0 ... 0.24 with 2.9)"),
    N_("{package} 2.N is built for torch 2.N"),
    N_("Keras 3 needs TensorFlow 2.16 or later, and TensorFlow 2.16+ uses Keras 3 as tf.keras;"
       " Keras 2 belongs to TensorFlow up to 2.15 (use tf-keras for Keras 2 on 2.16+)"),
    N_("tf-keras 2.N is released for TensorFlow 2.N"),
    N_("tensorflow-text 2.N is built against TensorFlow 2.N (custom ops)"),
    # Generic ones last: they would also match the longer sentences above.
    N_("{domain}: none installed ({packages})"),
    N_("{domain}: {packages} installed"),
    # Glue of a hybrid's bridge (bridge_text), found inside the bridge's text.
    N_(" Cost: {cost} (rated {points} points lower on the deployment criteria)."),
)
#: The templates that are found inside a longer text (they start with their own words).
FRAGMENTS = TEMPLATES[-1:]
#: Priority ranges inside a flip sentence ("2 or lower").
RANGES: tuple[str, ...] = (N_("{level} or lower"), N_("{level} or higher"),
                           N_("{low} to {high}"))
