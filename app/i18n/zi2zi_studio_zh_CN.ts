<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name />
    <message>
      <location filename="../start_screen.py" line="55" />
      <source>starting from the bundled model, </source>
      <translation>从自带模型开始，</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="58" />
      <source>About 15 minutes for a first useful model ({start}about {steps} steps: this computer took {per:.1f} s a step at {size} px). Pick the time on the Train tab.</source>
      <translation>约 15 分钟得到第一个可用模型（{start}约 {steps} 步：本机在 {size} 像素时每步 {per:.1f} 秒）。在“训练”页选择时长。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="61" />
      <source>About 15 minutes for a first useful model ({start}the Train tab measures this computer's speed and turns the time you pick into steps).</source>
      <translation>约 15 分钟得到第一个可用模型（{start}“训练”页会测量本机速度，把你选的时长换算成步数）。</translation>
    </message>
  </context>
  <context>
    <name>ConfigForm</name>
    <message>
      <location filename="../config_form.py" line="72" />
      <source>Advanced settings</source>
      <translation>高级设置</translation>
    </message>
    <message>
      <location filename="../config_form.py" line="84" />
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <location filename="../config_form.py" line="84" />
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <location filename="../config_form.py" line="84" />
      <source>Training</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Image size (px)</source>
      <translation type="vanished">图像尺寸（像素）</translation>
    </message>
    <message>
      <source>Held-out share</source>
      <translation>保留集比例</translation>
    </message>
    <message>
      <source>Held-out maximum</source>
      <translation>保留集上限</translation>
    </message>
    <message>
      <source>Generator width</source>
      <translation>生成器宽度</translation>
    </message>
    <message>
      <source>Discriminator width</source>
      <translation>判别器宽度</translation>
    </message>
    <message>
      <source>Kernel size</source>
      <translation>卷积核大小</translation>
    </message>
    <message>
      <source>Style embedding size</source>
      <translation>风格嵌入维度</translation>
    </message>
    <message>
      <source>Generator norm</source>
      <translation>生成器归一化</translation>
    </message>
    <message>
      <source>Discriminator norm</source>
      <translation>判别器归一化</translation>
    </message>
    <message>
      <source>Dropout</source>
      <translation>Dropout</translation>
    </message>
    <message>
      <source>Batch size</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>Training steps</source>
      <translation>训练步数</translation>
    </message>
    <message>
      <source>Adversarial loss</source>
      <translation>对抗损失</translation>
    </message>
    <message>
      <source>L1 weight</source>
      <translation>L1 权重</translation>
    </message>
    <message>
      <source>Constant loss weight</source>
      <translation>常量损失权重</translation>
    </message>
    <message>
      <source>Category loss weight</source>
      <translation>类别损失权重</translation>
    </message>
    <message>
      <source>Total variation weight</source>
      <translation>全变分权重</translation>
    </message>
    <message>
      <source>Gradient penalty weight</source>
      <translation>梯度惩罚权重</translation>
    </message>
    <message>
      <source>Weight clip value</source>
      <translation>权重裁剪值</translation>
    </message>
    <message>
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <source>Generator learning rate</source>
      <translation>生成器学习率</translation>
    </message>
    <message>
      <source>Discriminator learning rate</source>
      <translation>判别器学习率</translation>
    </message>
    <message>
      <source>Adam beta 1</source>
      <translation>Adam beta 1</translation>
    </message>
    <message>
      <source>Adam beta 2</source>
      <translation>Adam beta 2</translation>
    </message>
    <message>
      <source>Weight decay</source>
      <translation>权重衰减</translation>
    </message>
    <message>
      <source>Learning-rate schedule</source>
      <translation>学习率调度</translation>
    </message>
    <message>
      <source>Final rate share</source>
      <translation>最终学习率比例</translation>
    </message>
    <message>
      <source>G steps per D step</source>
      <translation>每步 D 对应的 G 步数</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>CPU threads</source>
      <translation>CPU 线程数</translation>
    </message>
    <message>
      <source>Mixed precision</source>
      <translation>混合精度</translation>
    </message>
    <message>
      <source>Random seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Log every (steps)</source>
      <translation>记录间隔（步）</translation>
    </message>
    <message>
      <source>Samples every (steps)</source>
      <translation>样例间隔（步）</translation>
    </message>
    <message>
      <source>Evaluate every (steps)</source>
      <translation>评估间隔（步）</translation>
    </message>
    <message>
      <source>Checkpoint every (steps)</source>
      <translation>检查点间隔（步）</translation>
    </message>
    <message>
      <source>Checkpoints kept</source>
      <translation>保留检查点数</translation>
    </message>
    <message>
      <source>Sample characters</source>
      <translation>样例字符数</translation>
    </message>
    <message>
      <source>Freeze encoder</source>
      <translation>冻结编码器</translation>
    </message>
    <message>
      <source>Keep base styles</source>
      <translation>保留基础风格</translation>
    </message>
    <message>
      <source>Image size</source>
      <translation>图像尺寸</translation>
    </message>
    <message>
      <source>How finely the model draws each glyph; larger is sharper and trains several times slower.</source>
      <translation>模型绘制每个字形的精细程度；越大越清晰，训练也慢好几倍。</translation>
    </message>
    <message>
      <source>32 px</source>
      <translation>32 像素</translation>
    </message>
    <message>
      <source>64 px</source>
      <translation>64 像素</translation>
    </message>
    <message>
      <source>128 px</source>
      <translation>128 像素</translation>
    </message>
    <message>
      <source>256 px</source>
      <translation>256 像素</translation>
    </message>
    <message>
      <source>Characters</source>
      <translation>字符集</translation>
    </message>
    <message>
      <source>The characters the finished font should have: a charset name or a path to a text file.</source>
      <translation>完成的字体应包含的字符：字符集名称或文本文件路径。</translation>
    </message>
    <message>
      <source>Share of characters kept aside: the model never trains on them, so they show how well it writes characters it has not seen.</source>
      <translation>留出的字符比例：模型从不在这些字上训练，因此它们能显示模型写没见过的字写得如何。</translation>
    </message>
    <message>
      <source>At most this many characters are kept aside, so a big charset does not starve training.</source>
      <translation>最多留出这么多字符，以免大字符集让训练用字不足。</translation>
    </message>
    <message>
      <source>Held-out draw</source>
      <translation>保留集抽取种子</translation>
    </message>
    <message>
      <source>Which characters are kept aside depends only on this number and the characters.</source>
      <translation>留出哪些字符只取决于这个数和字符本身。</translation>
    </message>
    <message>
      <source>Width of the generator's first layer (it doubles down to 8x); wider learns more and runs slower.</source>
      <translation>生成器第一层的宽度（逐层加倍到 8 倍）；越宽学得越多，运行越慢。</translation>
    </message>
    <message>
      <source>Width of the discriminator's first layer.</source>
      <translation>判别器第一层的宽度。</translation>
    </message>
    <message>
      <source>Size of each convolution window (zi2zi-pytorch uses 4, the TensorFlow original 5).</source>
      <translation>每个卷积窗口的大小（zi2zi-pytorch 用 4，TensorFlow 原版用 5）。</translation>
    </message>
    <message>
      <source>3 x 3</source>
      <translation>3 × 3</translation>
    </message>
    <message>
      <source>4 x 4</source>
      <translation>4 × 4</translation>
    </message>
    <message>
      <source>5 x 5</source>
      <translation>5 × 5</translation>
    </message>
    <message>
      <source>Length of each style's vector, joined at the generator's narrowest point.</source>
      <translation>每种风格向量的长度，在生成器最窄处接入。</translation>
    </message>
    <message>
      <source>Styles</source>
      <translation>风格数</translation>
    </message>
    <message>
      <source>How many styles the model knows; grows when fine-tuning adds one.</source>
      <translation>模型认识的风格数；微调新增风格时会增加。</translation>
    </message>
    <message>
      <source>How the generator's layers are normalised.</source>
      <translation>生成器各层的归一化方式。</translation>
    </message>
    <message>
      <source>Batch norm</source>
      <translation>批归一化</translation>
    </message>
    <message>
      <source>Instance norm</source>
      <translation>实例归一化</translation>
    </message>
    <message>
      <source>Spectral norm</source>
      <translation>谱归一化</translation>
    </message>
    <message>
      <source>A norm layer in the discriminator (a norm after spectral norm undoes it).</source>
      <translation>判别器中的归一化层（放在谱归一化之后会抵消其作用）。</translation>
    </message>
    <message>
      <source>None (spectral norm alone)</source>
      <translation>无（仅谱归一化）</translation>
    </message>
    <message>
      <source>Batch norm (zi2zi)</source>
      <translation>批归一化（zi2zi）</translation>
    </message>
    <message>
      <source>Discriminator spectral norm</source>
      <translation>判别器谱归一化</translation>
    </message>
    <message>
      <source>Keeps the discriminator from overpowering the generator; steadier training.</source>
      <translation>防止判别器压倒生成器，训练更稳定。</translation>
    </message>
    <message>
      <source>Discriminator style input</source>
      <translation>判别器的风格输入</translation>
    </message>
    <message>
      <source>How the discriminator is told which style a glyph should have.</source>
      <translation>告诉判别器字形应属于哪种风格的方式。</translation>
    </message>
    <message>
      <source>Projection and category head</source>
      <translation>投影加类别头</translation>
    </message>
    <message>
      <source>Projection</source>
      <translation>投影</translation>
    </message>
    <message>
      <source>Category head (zi2zi)</source>
      <translation>类别头（zi2zi）</translation>
    </message>
    <message>
      <source>Share of the deepest decoder layers' signals dropped while training, so the model does not learn by rote.</source>
      <translation>训练时在最深的解码层中随机丢弃的信号比例，使模型不死记硬背。</translation>
    </message>
    <message>
      <source>Glyphs learned from at once; lower it when memory runs out.</source>
      <translation>一次学习的字形数；内存不足时调小。</translation>
    </message>
    <message>
      <source>How long training runs, counted in small learning steps. Prefer 'Train for' above: it turns minutes into steps on this computer.</source>
      <translation>训练持续多久，以一个个小的学习步数计。建议使用上方的“训练时长”：它会把分钟换算成本机上的步数。</translation>
    </message>
    <message>
      <source>How the discriminator's verdict is scored; hinge suits spectral norm (Miyato et al. 2018).</source>
      <translation>判别器判断结果的计分方式；铰链损失适合谱归一化（Miyato 等，2018）。</translation>
    </message>
    <message>
      <source>Hinge</source>
      <translation>铰链损失（Hinge）</translation>
    </message>
    <message>
      <source>Non-saturating (BCE)</source>
      <translation>非饱和（BCE）</translation>
    </message>
    <message>
      <source>Wasserstein, gradient penalty</source>
      <translation>Wasserstein（梯度惩罚）</translation>
    </message>
    <message>
      <source>Wasserstein, weight clipping (comparison only)</source>
      <translation>Wasserstein（权重裁剪，仅供对比）</translation>
    </message>
    <message>
      <source>How strongly glyphs are pulled towards the target pixels.</source>
      <translation>把字形拉向目标像素的力度。</translation>
    </message>
    <message>
      <source>How strongly a generated glyph must encode like its source character.</source>
      <translation>生成字形的编码须与源字符一致的力度。</translation>
    </message>
    <message>
      <source>How strongly the discriminator's style guess counts.</source>
      <translation>判别器风格判断所占的分量。</translation>
    </message>
    <message>
      <source>Smooths speckled glyphs; 0 turns it off.</source>
      <translation>使有杂点的字形更平滑；0 为关闭。</translation>
    </message>
    <message>
      <source>Strength of the WGAN-GP gradient penalty.</source>
      <translation>WGAN-GP 梯度惩罚的强度。</translation>
    </message>
    <message>
      <source>Classic WGAN weight clipping (comparison only).</source>
      <translation>经典 WGAN 的权重裁剪（仅供对比）。</translation>
    </message>
    <message>
      <source>The rule that updates the weights.</source>
      <translation>更新权重的规则。</translation>
    </message>
    <message>
      <source>Adam</source>
      <translation>Adam</translation>
    </message>
    <message>
      <source>AdamW (with weight decay)</source>
      <translation>AdamW（带权重衰减）</translation>
    </message>
    <message>
      <source>How big the generator's learning steps are.</source>
      <translation>生成器每步学习的幅度。</translation>
    </message>
    <message>
      <source>How big the discriminator's learning steps are (TTUR: it learns faster than the generator).</source>
      <translation>判别器每步学习的幅度（TTUR：它比生成器学得快）。</translation>
    </message>
    <message>
      <source>Adam's momentum.</source>
      <translation>Adam 的动量。</translation>
    </message>
    <message>
      <source>Adam's memory of past step sizes.</source>
      <translation>Adam 对以往步长的记忆。</translation>
    </message>
    <message>
      <source>Pulls weights towards zero (AdamW only).</source>
      <translation>把权重拉向零（仅 AdamW）。</translation>
    </message>
    <message>
      <source>How the learning rate falls over the steps.</source>
      <translation>学习率随步数下降的方式。</translation>
    </message>
    <message>
      <source>Linear decay</source>
      <translation>线性衰减</translation>
    </message>
    <message>
      <source>Cosine decay</source>
      <translation>余弦衰减</translation>
    </message>
    <message>
      <source>Constant</source>
      <translation>不变</translation>
    </message>
    <message>
      <source>The schedule ends at this share of the starting rate.</source>
      <translation>调度结束时的学习率占初始学习率的比例。</translation>
    </message>
    <message>
      <source>Generator updates for each discriminator update.</source>
      <translation>判别器每更新一次，生成器更新的次数。</translation>
    </message>
    <message>
      <source>Generator averaging (EMA)</source>
      <translation>生成器滑动平均（EMA）</translation>
    </message>
    <message>
      <source>Samples, evaluation and export use a running average of the generator, which is steadier; 0 turns it off.</source>
      <translation>样例、评估和导出使用生成器的滑动平均，更稳定；0 为关闭。</translation>
    </message>
    <message>
      <source>Discriminator augmentation</source>
      <translation>判别器数据增强</translation>
    </message>
    <message>
      <source>Random shifts and cut-outs of what the discriminator sees, so it cannot learn the few training glyphs by heart.</source>
      <translation>对判别器看到的图像随机平移和挖空，使它无法死记少量训练字形。</translation>
    </message>
    <message>
      <source>Shift and cut-out</source>
      <translation>平移和挖空</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>平移</translation>
    </message>
    <message>
      <source>Cut-out</source>
      <translation>挖空</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Where training runs: the processor or a graphics card.</source>
      <translation>在哪里训练：处理器或显卡。</translation>
    </message>
    <message>
      <source>Automatic (a graphics card when there is one)</source>
      <translation>自动（有显卡时用显卡）</translation>
    </message>
    <message>
      <source>Processor (CPU)</source>
      <translation>处理器（CPU）</translation>
    </message>
    <message>
      <source>NVIDIA graphics card (CUDA)</source>
      <translation>NVIDIA 显卡（CUDA）</translation>
    </message>
    <message>
      <source>Apple graphics (MPS)</source>
      <translation>Apple 图形处理器（MPS）</translation>
    </message>
    <message>
      <source>Processor threads training may use; 0 lets the computer decide.</source>
      <translation>训练可用的处理器线程数；0 由计算机决定。</translation>
    </message>
    <message>
      <source>Faster training on a graphics card; no effect on a CPU.</source>
      <translation>在显卡上训练更快；对 CPU 无影响。</translation>
    </message>
    <message>
      <source>The same seed and settings train the same model again.</source>
      <translation>相同的种子和设置会再次训练出相同的模型。</translation>
    </message>
    <message>
      <source>Steps between loss reports.</source>
      <translation>两次损失报告之间的步数。</translation>
    </message>
    <message>
      <source>How often the panel on the right shows the model's current glyphs.</source>
      <translation>右侧面板多久显示一次模型当前的字形。</translation>
    </message>
    <message>
      <source>Steps between checks on the held-out characters.</source>
      <translation>两次检查保留集字符之间的步数。</translation>
    </message>
    <message>
      <source>How often the model is saved; Stop always saves too.</source>
      <translation>模型多久保存一次；点击“停止”时也总会保存。</translation>
    </message>
    <message>
      <source>The last few saved models are kept, plus the best on held-out characters.</source>
      <translation>保留最近保存的几个模型，以及保留集上最好的那个。</translation>
    </message>
    <message>
      <source>Held-out characters shown in the sample grid.</source>
      <translation>样例网格中显示的保留集字符数。</translation>
    </message>
    <message>
      <source>Fine-tuning: keep the encoder's weights as they are.</source>
      <translation>微调：保持编码器的权重不变。</translation>
    </message>
    <message>
      <source>Frozen discriminator blocks</source>
      <translation>冻结的判别器层块数</translation>
    </message>
    <message>
      <source>Fine-tuning (FreezeD): keep the discriminator's first blocks as they are; 0 turns it off.</source>
      <translation>微调（FreezeD）：保持判别器前几个层块不变；0 为关闭。</translation>
    </message>
    <message>
      <source>Fine-tuning: keep training the base model's styles beside the new one.</source>
      <translation>微调：在训练新风格的同时继续训练基础模型的风格。</translation>
    </message>
    <message>
      <source>Early-stopping patience</source>
      <translation>提前停止的耐心次数</translation>
    </message>
    <message>
      <source>Stop after this many checks without better held-out glyphs; 0 turns it off.</source>
      <translation>连续这么多次检查保留集字形都没有变好就停止；0 为关闭。</translation>
    </message>
    <message>
      <source>Judge style</source>
      <translation>评判风格</translation>
    </message>
    <message>
      <source>Fine-tuning: also judge held-out glyphs for style when picking the best model.</source>
      <translation>微调：挑选最佳模型时也评判保留集字形的风格。</translation>
    </message>
    <message>
      <source>Learn from my edits</source>
      <translation>从我的编辑中学习</translation>
    </message>
    <message>
      <source>Glyphs you edited or accepted replace a style's targets in training.</source>
      <translation>你编辑过或接受的字形在训练中替换该风格的目标字形。</translation>
    </message>
    <message>
      <source>Family name</source>
      <translation>字族名</translation>
    </message>
    <message>
      <source>The font's name in menus.</source>
      <translation>字体在菜单中显示的名称。</translation>
    </message>
    <message>
      <source>Style name</source>
      <translation>样式名</translation>
    </message>
    <message>
      <source>Regular, Bold, Italic…; Bold and Italic set the style bits too.</source>
      <translation>Regular、Bold、Italic 等；Bold 和 Italic 也会设置相应的样式位。</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>The font's version, e.g. 1.002.</source>
      <translation>字体版本，例如 1.002。</translation>
    </message>
    <message>
      <source>Designer</source>
      <translation>设计师</translation>
    </message>
    <message>
      <source>Your name, stored in the font.</source>
      <translation>你的名字，会写入字体。</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>许可证</translation>
    </message>
    <message>
      <source>The terms people may use the font under.</source>
      <translation>他人使用此字体须遵守的条款。</translation>
    </message>
    <message>
      <source>Licence URL</source>
      <translation>许可证网址</translation>
    </message>
    <message>
      <source>Where the licence can be read.</source>
      <translation>可阅读许可证的网址。</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>描述</translation>
    </message>
    <message>
      <source>A sentence about the font, stored in it.</source>
      <translation>一句关于此字体的说明，会写入字体。</translation>
    </message>
    <message>
      <source>Vendor ID</source>
      <translation>厂商 ID</translation>
    </message>
    <message>
      <source>Four letters naming the maker (OS/2 achVendID).</source>
      <translation>标识制作者的四个字母（OS/2 achVendID）。</translation>
    </message>
    <message>
      <source>Localised family names</source>
      <translation>本地化字族名</translation>
    </message>
    <message>
      <source>The family name in other languages, e.g. {"zh": "我的楷体"}.</source>
      <translation>其他语言的字族名，例如 {"zh": "我的楷体"}。</translation>
    </message>
    <message>
      <source>Units per em</source>
      <translation>每 em 单位数</translation>
    </message>
    <message>
      <source>The grid outlines are drawn on; 1000 suits most fonts.</source>
      <translation>绘制轮廓所用的网格；大多数字体用 1000 即可。</translation>
    </message>
    <message>
      <source>Formats</source>
      <translation>格式</translation>
    </message>
    <message>
      <source>Which font files are written.</source>
      <translation>要写出哪些字体文件。</translation>
    </message>
    <message>
      <source>TTF</source>
      <translation>TTF</translation>
    </message>
    <message>
      <source>OTF</source>
      <translation>OTF</translation>
    </message>
    <message>
      <source>WOFF</source>
      <translation>WOFF</translation>
    </message>
    <message>
      <source>WOFF2</source>
      <translation>WOFF2</translation>
    </message>
    <message>
      <source>UFO</source>
      <translation>UFO</translation>
    </message>
    <message>
      <source>Generated glyphs over handwriting</source>
      <translation>生成字形优先于手写</translation>
    </message>
    <message>
      <source>Generated glyphs replace the written ones too.</source>
      <translation>生成的字形也替换手写的字形。</translation>
    </message>
    <message>
      <source>Fill missing characters</source>
      <translation>补全缺少的字符</translation>
    </message>
    <message>
      <source>Latin letters, digits and punctuation your glyphs lack come from another font, scaled and weighted to match.</source>
      <translation>你的字形缺少的拉丁字母、数字和标点取自另一个字体，并按比例和粗细调整以相配。</translation>
    </message>
    <message>
      <source>Replace the base font's glyphs</source>
      <translation>替换基础字体的字形</translation>
    </message>
    <message>
      <source>When merging into an existing font, your glyph wins over the base font's for the same character.</source>
      <translation>合并到现有字体时，同一字符以你的字形为准。</translation>
    </message>
    <message>
      <source>Tracer</source>
      <translation>描摹器</translation>
    </message>
    <message>
      <source>Which potrace turns bitmaps into outlines.</source>
      <translation>用哪个 potrace 把位图转为轮廓。</translation>
    </message>
    <message>
      <source>Automatic</source>
      <translation>自动</translation>
    </message>
    <message>
      <source>potrace (fast)</source>
      <translation>potrace（快）</translation>
    </message>
    <message>
      <source>potrace in Python (slow)</source>
      <translation>Python 版 potrace（慢）</translation>
    </message>
    <message>
      <source>Upscaling before tracing</source>
      <translation>描摹前的放大方式</translation>
    </message>
    <message>
      <source>How glyph bitmaps are enlarged before tracing.</source>
      <translation>描摹前放大字形位图的方式。</translation>
    </message>
    <message>
      <source>Smooth (bicubic)</source>
      <translation>平滑（双三次）</translation>
    </message>
    <message>
      <source>Bilinear</source>
      <translation>双线性</translation>
    </message>
    <message>
      <source>Upscaling factor</source>
      <translation>放大倍数</translation>
    </message>
    <message>
      <source>How many times glyph bitmaps are enlarged before tracing.</source>
      <translation>描摹前把字形位图放大的倍数。</translation>
    </message>
    <message>
      <source>Curve merging</source>
      <translation>曲线合并</translation>
    </message>
    <message>
      <source>How freely potrace merges curves; higher gives fewer points.</source>
      <translation>potrace 合并曲线的宽松程度；越高点越少。</translation>
    </message>
    <message>
      <source>Clean up outlines</source>
      <translation>清理轮廓</translation>
    </message>
    <message>
      <source>Drop specks, put points at extremes and remove overlaps.</source>
      <translation>去掉杂点、在极值处加点并去除重叠。</translation>
    </message>
    <message>
      <source>Glyphs touching the edge</source>
      <translation>碰到边缘的字形</translation>
    </message>
    <message>
      <source>Ink touching the canvas edge usually means a cropped glyph; such glyphs are reported either way.</source>
      <translation>笔画碰到画布边缘通常意味着字形被裁切；无论如何这些字形都会在报告中列出。</translation>
    </message>
    <message>
      <source>Skip them (listed in the report)</source>
      <translation>跳过（在报告中列出）</translation>
    </message>
    <message>
      <source>Keep them</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>Side bearing (share of em)</source>
      <translation>字侧空白（占 em 比例）</translation>
    </message>
    <message>
      <source>Left and right space of proportional glyphs, as a share of the em.</source>
      <translation>比例字形左右两侧的空白，按 em 的比例计。</translation>
    </message>
    <message>
      <source>Curve conversion tolerance</source>
      <translation>曲线转换容差</translation>
    </message>
    <message>
      <source>How far TrueType's quadratic curves may stray from the traced ones, in units of a 1000-unit em.</source>
      <translation>TrueType 二次曲线与描摹曲线的最大偏差，以 1000 单位 em 计。</translation>
    </message>
    <message>
      <source>Compare the rendered font</source>
      <translation>比对渲染结果</translation>
    </message>
    <message>
      <source>Render the built font back and compare it with the glyph bitmaps in the report.</source>
      <translation>把生成的字体渲染回来，并在报告中与字形位图比对。</translation>
    </message>
    <message>
      <source>WOFF2 compression</source>
      <translation>WOFF2 压缩</translation>
    </message>
    <message>
      <source>Smallest file (slow for big fonts)</source>
      <translation>最小文件（大字体较慢）</translation>
    </message>
    <message>
      <source>How hard WOFF2 files are compressed. The smallest file takes about ten times longer for a file 5% smaller: 23 s instead of 2.4 s for all 6,763 GB2312 characters. Automatic makes the smallest file when that takes a few seconds and the fast one for big fonts.</source>
      <translation>WOFF2 文件压缩的力度。最小文件大约要多花十倍时间，文件小 5%：全部 6763 个 GB2312 字符要 23 秒而不是 2.4 秒。“自动”在只需几秒时生成最小文件，大字体则用快速压缩。</translation>
    </message>
    <message>
      <source>Fast (about 5% larger)</source>
      <translation>快速（约大 5%）</translation>
    </message>
    <message>
      <source>Share of the planned steps before held-out checks may pick the best model or stop early.</source>
      <translation>在计划步数的这一比例之前，保留集检查不会选出最佳模型，也不会提前停止训练。</translation>
    </message>
    <message>
      <source>Judge from (share of steps)</source>
      <translation>开始评判的时机（占步数比例）</translation>
    </message>
    <message>
      <source>Stroke emphasis</source>
      <translation>笔画强调</translation>
    </message>
    <message>
      <source>How much more the pixels on the target's strokes count in the L1 pull: fewer broken or missing strokes, but bolder glyphs a little less like the target's style; 0 counts every pixel alike.</source>
      <translation>目标字形笔画上的像素在 L1 拉力中加重的倍数：断笔和缺笔更少，但字形更粗，风格稍不像目标；0 表示所有像素同等对待。</translation>
    </message>
  </context>
  <context>
    <name>CropDialog</name>
    <message>
      <location filename="../handwriting/crop_dialog.py" line="67" />
      <source>Crop again</source>
      <translation>重新裁剪</translation>
    </message>
    <message>
      <location filename="../handwriting/crop_dialog.py" line="71" />
      <source>Drag a square around the character. The square becomes the glyph's em box: outside the written box is blank paper.</source>
      <translation>拖出一个方框框住这个字。方框即字形的 em 框：书写格以外视为空白纸面。</translation>
    </message>
    <message>
      <location filename="../handwriting/crop_dialog.py" line="74" />
      <source>Whole box</source>
      <translation>整个格子</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>the device ran out of memory.</source>
      <translation>设备内存不足。</translation>
    </message>
    <message>
      <source>Lower the batch size or the image size in the advanced settings, or pick another device.</source>
      <translation>请在高级设置中调小批大小或图像尺寸，或换一个设备。</translation>
    </message>
    <message>
      <source>Pick another device (for example CPU) in the advanced settings.</source>
      <translation>请在高级设置中换一个设备（例如 CPU）。</translation>
    </message>
    <message>
      <source>Check that the font file exists and opens in another program, or choose another font.</source>
      <translation>请确认字体文件存在且能在其他程序中打开，或换一个字体。</translation>
    </message>
    <message>
      <source>Check the project folder, or create a new project.</source>
      <translation>请检查项目文件夹，或新建一个项目。</translation>
    </message>
    <message>
      <source>Delete the damaged checkpoint from the project's checkpoints folder or start training afresh.</source>
      <translation>请从项目的 checkpoints 文件夹中删除损坏的检查点，或重新开始训练。</translation>
    </message>
    <message>
      <source>Correct the setting in the training form.</source>
      <translation>请在训练设置中改正该项。</translation>
    </message>
    <message>
      <source>Check the inputs and try again.</source>
      <translation>请检查输入后重试。</translation>
    </message>
    <message>
      <source>an unexpected error occurred ({kind}: {detail}).</source>
      <translation>发生了意外错误（{kind}：{detail}）。</translation>
    </message>
    <message>
      <source>Details were written to {path}. Try again; if it keeps happening, report it with that file.</source>
      <translation>详情已写入 {path}。请重试；若反复出现，请附上该文件报告问题。</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <location filename="../export_dialog.py" line="99" />
      <source>Export font</source>
      <translation>导出字体</translation>
    </message>
    <message>
      <source>Left and right space of proportional glyphs, as a share of the em</source>
      <translation>比例字形左右两侧的空白，按 em 的比例计</translation>
    </message>
    <message>
      <source>Skip them (listed in the report)</source>
      <translation>跳过（在报告中列出）</translation>
    </message>
    <message>
      <source>Keep them</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>Ink touching the canvas edge usually means a cropped glyph</source>
      <translation>笔画碰到画布边缘通常意味着字形被裁切</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="133" />
      <source>Only accepted glyphs (otherwise all but rejected)</source>
      <translation>仅导出已接受的字形（否则导出除已拒绝外的全部）</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="135" />
      <source>no font: built-in punctuation only</source>
      <translation>不用字体：仅用内置标点</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="137" />
      <source>Latin letters, digits and punctuation your glyphs lack come from this font, scaled and weighted to sit with your glyphs</source>
      <translation>你的字形缺少的拉丁字母、数字和标点取自此字体，并按你的字形调整大小和粗细</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="139" />
      <source>none: a new font</source>
      <translation>无：新建字体</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="141" />
      <source>Add your glyphs to a copy of this TrueType font</source>
      <translation>把你的字形加入此 TrueType 字体的副本</translation>
    </message>
    <message>
      <source>Family name</source>
      <translation>字族名</translation>
    </message>
    <message>
      <source>Style name</source>
      <translation>样式名</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>Designer</source>
      <translation>设计师</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>许可证</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>描述</translation>
    </message>
    <message>
      <source>Units per em</source>
      <translation>每 em 单位数</translation>
    </message>
    <message>
      <source>Side bearing (share of em)</source>
      <translation>字侧空白（占 em 比例）</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="155" />
      <source>Glyphs of style</source>
      <translation>风格字形</translation>
    </message>
    <message>
      <source>Glyphs touching the edge</source>
      <translation>碰到边缘的字形</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="158" />
      <source>Fill missing characters from</source>
      <translation>缺少的字符取自</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="159" />
      <source>Merge into an existing font</source>
      <translation>合并到现有字体</translation>
    </message>
    <message>
      <source>Formats</source>
      <translation>格式</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="175" />
      <source>Specimen text</source>
      <translation>样张文字</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="179" />
      <source>Specimen, set with the exported font</source>
      <translation>用导出的字体排出的样张</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="187" />
      <source>Validation report</source>
      <translation>校验报告</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="190" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="191" />
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="197" />
      <location filename="../export_dialog.py" line="257" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="201" />
      <source>Open folder</source>
      <translation>打开文件夹</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="205" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="248" />
      <source>no generated glyphs to export: generate glyphs in the Preview tab first</source>
      <translation>没有可导出的生成字形：请先在“预览”页生成字形</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="250" />
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="266" />
      <source>Tracing and building {n} glyphs…</source>
      <translation>正在描摹并构建 {n} 个字形…</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="297" />
      <source>Exported: {files}</source>
      <translation>已导出：{files}</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="335" />
      <source>validation: {verdict}</source>
      <translation>校验：{verdict}</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="340" />
      <source>(no binary font format was exported)</source>
      <translation>（未导出二进制字体格式）</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="345" />
      <source>Qt could not load {file}</source>
      <translation>Qt 无法加载 {file}</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="359" />
      <source>Export failed.</source>
      <translation>导出失败。</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="360" />
      <source>Export failed</source>
      <translation>导出失败</translation>
    </message>
  </context>
  <context>
    <name>FinishPage</name>
    <message>
      <location filename="../handwriting/pages.py" line="374" />
      <source>Export the font…</source>
      <translation>导出字体…</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="377" />
      <source>Open the project in the main window</source>
      <translation>在主窗口中打开项目</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="381" />
      <source>7 · Export</source>
      <translation>7 · 导出</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="382" />
      <source>The font uses your own glyphs for every character you wrote and the generated ones for the rest. Generate all characters in the Preview step first.</source>
      <translation>字体中你写过的字使用你自己的字形，其余使用生成的字形。请先在“预览”步骤中生成全部字符。</translation>
    </message>
  </context>
  <context>
    <name>FontPicker</name>
    <message>
      <location filename="../start_screen.py" line="156" />
      <source>Choose a font file</source>
      <translation>选择字体文件</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="159" />
      <source>Face number inside a .ttc / .otc collection</source>
      <translation>.ttc / .otc 字体集中的字体序号</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="74" />
      <location filename="../start_screen.py" line="160" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="85" />
      <location filename="../start_screen.py" line="177" />
      <source>Choose a font</source>
      <translation>选择字体</translation>
    </message>
    <message>
      <location filename="../export_dialog.py" line="86" />
      <source>Fonts (*.ttf *.otf *.ttc)</source>
      <translation>字体 (*.ttf *.otf *.ttc)</translation>
    </message>
  </context>
  <context>
    <name>GlyphDetailDialog</name>
    <message>
      <location filename="../glyph_detail.py" line="85" />
      <source>Source</source>
      <translation>源字体</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="85" />
      <source>Generated</source>
      <translation>生成</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="85" />
      <source>Target</source>
      <translation>目标字体</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="86" />
      <source>Difference</source>
      <translation>差异</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="87" />
      <source>Difference: red = only in generated, blue = only in reference, grey = both</source>
      <translation>差异：红色＝仅生成字形有，蓝色＝仅参考字形有，灰色＝两者皆有</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="100" />
      <source>◀ Previous</source>
      <translation>◀ 上一个</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="101" />
      <source>Next ▶</source>
      <translation>下一个 ▶</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="102" />
      <source>Accept (A)</source>
      <translation>接受（A）</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="103" />
      <source>Reject (R)</source>
      <translation>拒绝（R）</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="104" />
      <source>Clear mark</source>
      <translation>清除标记</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="105" />
      <source>Edit (E)</source>
      <translation>编辑（E）</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="112" />
      <source>Zoom</source>
      <translation>缩放</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="133" />
      <source>Glyph U+{hex}</source>
      <translation>字形 U+{hex}</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="141" />
      <source>Difference to target</source>
      <translation>与目标字体的差异</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="142" />
      <source>Difference to source</source>
      <translation>与源字体的差异</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="144" />
      <source>✔ accepted</source>
      <translation>✔ 已接受</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="144" />
      <source>✘ rejected</source>
      <translation>✘ 已拒绝</translation>
    </message>
    <message>
      <location filename="../glyph_detail.py" line="145" />
      <source>not reviewed</source>
      <translation>未审阅</translation>
    </message>
  </context>
  <context>
    <name>GlyphEditor</name>
    <message>
      <location filename="../editor/window.py" line="50" />
      <source> px</source>
      <translation> 像素</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="51" />
      <source>Brush and eraser radius in bitmap pixels ([ and ])</source>
      <translation>画笔与橡皮擦半径，以位图像素计（[ 和 ]）</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="85" />
      <source>Tools</source>
      <translation>工具</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="89" />
      <source>Select</source>
      <translation>选择</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="89" />
      <source>Select and move points, handles and metrics</source>
      <translation>选择并移动点、控制柄和度量线</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="90" />
      <source>Pen</source>
      <translation>钢笔</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="90" />
      <source>Draw new contours: click for corners, drag for curves</source>
      <translation>绘制新轮廓：单击得到角点，拖动得到曲线</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="91" />
      <source>Brush</source>
      <translation>画笔</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="91" />
      <source>Paint ink on the bitmap</source>
      <translation>在位图上涂墨</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="92" />
      <source>Eraser</source>
      <translation>橡皮擦</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="92" />
      <source>Paint paper on the bitmap</source>
      <translation>在位图上擦成纸色</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="97" />
      <source>Smaller brush</source>
      <translation>缩小画笔</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="98" />
      <source>Bigger brush</source>
      <translation>放大画笔</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="100" />
      <source>Glyph</source>
      <translation>字形</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="102" />
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="103" />
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="106" />
      <location filename="../editor/window.py" line="217" />
      <source>Thicken</source>
      <translation>加粗</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="107" />
      <location filename="../editor/window.py" line="217" />
      <source>Thin</source>
      <translation>变细</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="108" />
      <location filename="../editor/window.py" line="217" />
      <source>Smooth</source>
      <translation>平滑</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="109" />
      <location filename="../editor/window.py" line="218" />
      <source>Clear specks</source>
      <translation>清除杂点</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="110" />
      <location filename="../editor/window.py" line="226" />
      <source>Re-trace</source>
      <translation>重新描摹</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="110" />
      <source>Trace the bitmap into a new outline</source>
      <translation>将位图描摹为新的轮廓</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="111" />
      <location filename="../editor/window.py" line="240" />
      <source>Reverse contour</source>
      <translation>反转轮廓方向</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="112" />
      <location filename="../editor/window.py" line="246" />
      <source>Remove contour</source>
      <translation>删除轮廓</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="113" />
      <location filename="../editor/window.py" line="254" />
      <source>Delete points</source>
      <translation>删除点</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="115" />
      <source>Revert to generated</source>
      <translation>恢复为生成的字形</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="122" />
      <source>View</source>
      <translation>视图</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="124" />
      <source>Source glyph</source>
      <translation>源字形</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="125" />
      <source>Generated glyph</source>
      <translation>生成的字形</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="129" />
      <source>Fit</source>
      <translation>适合窗口</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="130" />
      <source>Zoom in</source>
      <translation>放大</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="131" />
      <source>Zoom out</source>
      <translation>缩小</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="132" />
      <source>◀ Previous</source>
      <translation>◀ 上一个</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="133" />
      <source>Next ▶</source>
      <translation>下一个 ▶</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="151" />
      <source>Cannot open this glyph</source>
      <translation>无法打开此字形</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="156" />
      <source>Edit {char} U+{hex} — zi2zi Studio</source>
      <translation>编辑 {char} U+{hex} — zi2zi Studio</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="214" />
      <source>{n} specks removed</source>
      <translation>已清除 {n} 个杂点</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="287" />
      <source>edited</source>
      <translation>已编辑</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="287" />
      <source>as generated</source>
      <translation>未改动的生成字形</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="288" />
      <source>export uses this outline</source>
      <translation>导出时使用此轮廓</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="288" />
      <source>export traces the bitmap</source>
      <translation>导出时描摹位图</translation>
    </message>
    <message>
      <location filename="../editor/window.py" line="290" />
      <source>{points} points · {layer}</source>
      <translation>{points} 个点 · {layer}</translation>
    </message>
  </context>
  <context>
    <name>GlyphListModel</name>
    <message>
      <location filename="../glyph_grid.py" line="64" />
      <source>not reviewed</source>
      <translation>未审阅</translation>
    </message>
    <message>
      <location filename="../glyph_grid.py" line="66" />
      <source>edited</source>
      <translation>已编辑</translation>
    </message>
    <message>
      <location filename="../glyph_grid.py" line="68" />
      <source>generated</source>
      <translation>生成</translation>
    </message>
    <message>
      <location filename="../glyph_grid.py" line="68" />
      <source>not generated yet</source>
      <translation>尚未生成</translation>
    </message>
    <message>
      <location filename="../glyph_grid.py" line="70" />
      <source>readable: %1 %</source>
      <translation>可读：%1 %</translation>
    </message>
  </context>
  <context>
    <name>GuideDialog</name>
    <message>
      <location filename="../guide.py" line="38" />
      <source>User guide</source>
      <translation>用户指南</translation>
    </message>
    <message>
      <source>
&lt;h2&gt;zi2zi Studio in five steps&lt;/h2&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Look at the demo&lt;/b&gt; (File &amp;gt; Open the demo). It opens on &lt;i&gt;Preview&lt;/i&gt;: type any text in the box;
the top row is the source font, the bottom row the same text in the learned style.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Start your own project&lt;/b&gt; (File &amp;gt; New project). Choose a plain source font and the font whose
style you want. The dialog says how many characters both fonts have: the model learns from those and
writes the rest. Starting from the bundled model, at its size (128 px, the one offered first), is the quick
start on a computer without a graphics card.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Train&lt;/b&gt; (Train tab). Pick a time, for example &lt;i&gt;15 minutes&lt;/i&gt;; the line under it says what that
means on this computer. The bar shows the step and the time left from the first step. Stop whenever you
like: the model is saved and training continues from there next time.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Evaluate&lt;/b&gt; (button under the curves). The model writes characters it never trained on, and two
judges say in plain words how many are readable and how many look like the target style.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Review and export&lt;/b&gt; (Preview tab, then File &amp;gt; Export font). Accept, reject or edit glyphs in the
grid (double-click opens the editor), then export a TTF, OTF or WOFF2.&lt;/li&gt;
&lt;/ol&gt;
&lt;h3&gt;Words you will meet&lt;/h3&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Step&lt;/b&gt;: one small round of learning on a handful of characters.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Unseen characters&lt;/b&gt; (held out): kept away from training to check the model honestly.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Checkpoint&lt;/b&gt;: a saved model. "Best so far" means the lowest error on unseen characters yet.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Expert plots&lt;/b&gt; (tick box above the curves): every loss, the discriminator's scores and rates.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;The README and docs/ in the installation folder describe every command-line option.&lt;/p&gt;
</source>
      <translation>
&lt;h2&gt;zi2zi Studio 五步上手&lt;/h2&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;看看示例&lt;/b&gt;（文件 &amp;gt; 打开示例）。它打开在&lt;i&gt;预览&lt;/i&gt;页：在框里输入任意文字；
上面一行是源字体，下面一行是同样的文字、学到的风格。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;开始你自己的项目&lt;/b&gt;（文件 &amp;gt; 新建项目）。选一个朴素的源字体，再选你想要其风格的字体。
对话框会告诉你两个字体共有多少字：模型从这些字学习，再写出其余的字。没有显卡的电脑上，
从自带模型开始（按它的尺寸：128 像素，即首先给出的那个）是最快的开始。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;训练&lt;/b&gt;（“训练”页）。选一个时长，例如 &lt;i&gt;15 分钟&lt;/i&gt;；下面一行说明这在本机意味着什么。
进度条从第一步起就显示步数和剩余时间。随时可以停止：模型会保存，下次从那里继续训练。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;评估&lt;/b&gt;（曲线下方的按钮）。模型写出它从未训练过的字，两位评审用平实的话说出有多少能认出、
有多少像目标风格。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;审阅并导出&lt;/b&gt;（“预览”页，然后 文件 &amp;gt; 导出字体）。在网格中接受、拒绝或编辑字形（双击打开编辑器），
然后导出 TTF、OTF 或 WOFF2。&lt;/li&gt;
&lt;/ol&gt;
&lt;h3&gt;你会遇到的词&lt;/h3&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;步&lt;/b&gt;：在几个字上的一小轮学习。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;未见过的字&lt;/b&gt;（保留集）：不参与训练，用来诚实地检验模型。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;检查点&lt;/b&gt;：保存下来的模型。“目前最佳”指在未见过的字上误差最低的那个。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;专家曲线&lt;/b&gt;（曲线上方的勾选框）：每一项损失、判别器的得分和学习率。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;安装文件夹中的 README 和 docs/ 说明了每个命令行选项。&lt;/p&gt;
</translation>
    </message>
  </context>
  <context>
    <name>HandwritingWizard</name>
    <message>
      <location filename="../handwriting/wizard.py" line="89" />
      <source>Script and size</source>
      <translation>文字与尺寸</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="89" />
      <source>Print the template</source>
      <translation>打印模板</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="89" />
      <source>Import pages</source>
      <translation>导入书写页</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="90" />
      <source>Review glyphs</source>
      <translation>检查字形</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="90" />
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="90" />
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="90" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="115" />
      <source>4 · Review the glyphs</source>
      <translation>4 · 检查字形</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="121" />
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="124" />
      <source>Next</source>
      <translation>下一步</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="128" />
      <source>Leave (everything is saved)</source>
      <translation>离开（所有内容均已保存）</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="150" />
      <source>Start from another trained model…</source>
      <translation>从另一个已训练的模型开始…</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="157" />
      <source>Also learn from glyphs I edited or accepted</source>
      <translation>同时学习我编辑过或接受的字形</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="159" />
      <source>Glyphs you corrected in the glyph editor, and generated ones you accepted in Preview, become extra examples of your hand</source>
      <translation>你在字形编辑器中修改过的字形，以及在预览中接受的生成字形，会作为你手写风格的额外样例</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="167" />
      <source>5 · Train</source>
      <translation>5 · 训练</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="168" />
      <source>Training learns your hand from the glyphs you kept. Starting from a model trained on fonts (fine-tuning) needs far fewer steps.</source>
      <translation>训练会从你保留的字形中学习你的手写风格。从已用字体训练过的模型开始（微调）所需步数少得多。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="187" />
      <source>6 · Preview</source>
      <translation>6 · 预览</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="188" />
      <source>Your font: written characters as you wrote them, generated ones for the rest. Below, generate every character (Generate all) and check them.</source>
      <translation>你的字体：写过的字保持你的写法，其余为生成的字形。请在下方生成全部字符（全部生成）并逐一检查。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="241" />
      <source>import at least one written page first</source>
      <translation>请先导入至少一页书写页</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="243" />
      <source>wait until the pages are read</source>
      <translation>请等待书写页读取完成</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="245" />
      <source>training is running: stop it, or wait until it finishes</source>
      <translation>训练正在进行：请停止训练，或等待其完成</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="247" />
      <source>Cannot go on</source>
      <translation>无法继续</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="279" />
      <source>Cannot open this step</source>
      <translation>无法打开此步骤</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="305" />
      <source>{path} was not made with “Train on my handwriting”</source>
      <translation>{path} 不是用“用我的手写训练”创建的</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="309" />
      <source>Cannot continue the handwriting project</source>
      <translation>无法继续此手写项目</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="367" />
      <source>Reading the pages</source>
      <translation>正在读取书写页</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="370" />
      <location filename="../handwriting/wizard.py" line="390" />
      <source>Import failed</source>
      <translation>导入失败</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="398" />
      <source>Some pages could not be read</source>
      <translation>部分书写页无法读取</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="399" />
      <source>{n} file(s) could not be read:
{lines}</source>
      <translation>{n} 个文件无法读取：
{lines}</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="401" />
      <source>The other pages were imported. Scan those pages again and add them.</source>
      <translation>其他书写页已导入。请重新扫描这些页面并添加。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="410" />
      <source>No pages imported yet.</source>
      <translation>尚未导入书写页。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="414" />
      <source>{n} glyphs of {c} characters from {p} scan(s); {f} to check in the next step.</source>
      <translation>从 {p} 份扫描件中得到 {c} 个字符的 {n} 个字形；其中 {f} 个需在下一步检查。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="417" />
      <source>{e} boxes were left empty.</source>
      <translation>有 {e} 个格子是空的。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="429" />
      <source>{n} written characters to learn from. Start training when ready.</source>
      <translation>可供学习的手写字符共 {n} 个。准备好后即可开始训练。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="440" />
      <source>Training continues from its latest checkpoint (of {steps} steps).</source>
      <translation>训练将从最新检查点继续（共 {steps} 步）。</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="442" />
      <source>Fine-tuning the bundled base model: about {steps} steps</source>
      <translation>微调自带的基础模型：约 {steps} 步</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="444" />
      <source>Fine-tuning {model}: about {steps} steps</source>
      <translation>微调 {model}：约 {steps} 步</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="446" />
      <source>Training from scratch (no base model): {steps} steps, hours on a CPU</source>
      <translation>从零开始训练（无基础模型）：{steps} 步，在 CPU 上需数小时</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="448" />
      <source>, stops early when unseen characters stop improving</source>
      <translation>，未见字符不再改善时提前停止</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="452" />
      <source>; {fonts} keep being trained beside your hand</source>
      <translation>；{fonts} 会与你的手写一起继续训练</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="478" />
      <source>Cannot start from this model</source>
      <translation>无法从此模型开始</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="502" />
      <source>{w} written by you · {g} generated · {m} not generated yet</source>
      <translation>{w} 个为你手写 · {g} 个已生成 · {m} 个尚未生成</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="505" />
      <source>{r} rejected and not in the font (regenerate after more training, or edit them)</source>
      <translation>{r} 个已拒绝、不在字体中（多训练后重新生成，或编辑它们）</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="512" />
      <source>The font will have {h} of your glyphs and {g} generated ones.</source>
      <translation>字体将包含 {h} 个你手写的字形和 {g} 个生成的字形。</translation>
    </message>
    <message>
      <source>Scanned or photographed pages</source>
      <translation>扫描或拍摄的书写页</translation>
    </message>
    <message>
      <source>A handwriting project folder</source>
      <translation>手写项目文件夹</translation>
    </message>
    <message>
      <source>A trained model to start from</source>
      <translation>作为起点的已训练模型</translation>
    </message>
  </context>
  <context>
    <name>ImportPage</name>
    <message>
      <location filename="../handwriting/pages.py" line="260" />
      <source>Add scans or photos…</source>
      <translation>添加扫描件或照片…</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="266" />
      <source>No pages imported yet.</source>
      <translation>尚未导入书写页。</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="275" />
      <source>3 · Import the written pages</source>
      <translation>3 · 导入书写页</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="276" />
      <source>Scan at 300 dpi or take photos from straight above, in good light. Pages can be in any order and any way up; PNG, JPEG, TIFF or PDF.</source>
      <translation>以 300 dpi 扫描，或在光线充足处从正上方拍照。页面顺序和方向不限；支持 PNG、JPEG、TIFF 或 PDF。</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="283" />
      <source>Imported scans (kept in the project):</source>
      <translation>已导入的扫描件（保存在项目中）：</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="285" />
      <source>The first glyphs found:</source>
      <translation>最先找到的字形：</translation>
    </message>
  </context>
  <context>
    <name>LossPlots</name>
    <message>
      <source>step</source>
      <translation>步数</translation>
    </message>
    <message>
      <source>Losses</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>Held-out L1 (lower is better)</source>
      <translation>保留集 L1（越低越好）</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="42" />
      <source>Total losses (G includes L1 x100)</source>
      <translation>总损失（G 含 L1 ×100）</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="43" />
      <source>Adversarial losses and D scores</source>
      <translation>对抗损失与判别器得分</translation>
    </message>
    <message>
      <source>L1: training and held-out (lower is better)</source>
      <translation>L1：训练集与保留集（越低越好）</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="44" />
      <source>L1 per pixel (0-1): training and held-out</source>
      <translation>每像素 L1（0-1）：训练集与保留集</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="45" />
      <source>Constant and category losses</source>
      <translation>常量损失与类别损失</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="46" />
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="47" />
      <source>Spectral norm of each D layer</source>
      <translation>判别器各层的谱范数</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="52" />
      <source>How far the glyphs are from the target font (lower is better): characters it trains on, and unseen ones</source>
      <translation>字形与目标字体的差距（越低越好）：训练用的字，以及没见过的字</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="55" />
      <source>characters it trains on</source>
      <translation>训练用的字</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="56" />
      <source>unseen characters</source>
      <translation>没见过的字</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="57" />
      <source>copying the source font</source>
      <translation>直接照搬源字体</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="237" />
      <source>Log scale</source>
      <translation>对数坐标</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="238" />
      <source>Smoothing</source>
      <translation>平滑</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="239" />
      <source>Expert plots</source>
      <translation>专家曲线</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="240" />
      <source>Every loss, the discriminator's scores, learning rates and spectral norms</source>
      <translation>全部损失、判别器评分、学习率和谱范数</translation>
    </message>
    <message>
      <source>generated</source>
      <translation>生成</translation>
    </message>
    <message>
      <source>copy source</source>
      <translation>直接复制源字体</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="388" />
      <source>off</source>
      <translation>关</translation>
    </message>
    <message>
      <location filename="../loss_plot.py" line="388" />
      <source>{n} points</source>
      <translation>{n} 个点</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../main_window.py" line="86" />
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="87" />
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="93" />
      <source>Welcome.</source>
      <translation>欢迎。</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="111" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="112" />
      <source>&amp;New project…</source>
      <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="113" />
      <source>&amp;Open project…</source>
      <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="114" />
      <source>Open the &amp;demo</source>
      <translation>打开示例(&amp;D)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="115" />
      <source>Train on my &amp;handwriting…</source>
      <translation>用我的手写训练(&amp;H)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="117" />
      <source>Open &amp;recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="120" />
      <source>&amp;Export font…</source>
      <translation>导出字体(&amp;E)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="121" />
      <source>&amp;Close project</source>
      <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="124" />
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="125" />
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="126" />
      <source>&amp;Training</source>
      <translation>训练(&amp;T)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="127" />
      <source>&amp;Start</source>
      <translation>开始(&amp;S)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="128" />
      <source>&amp;Pause / resume</source>
      <translation>暂停 / 继续(&amp;P)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="129" />
      <source>S&amp;top</source>
      <translation>停止(&amp;T)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="130" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="131" />
      <source>&amp;Train</source>
      <translation>训练(&amp;T)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="132" />
      <source>&amp;Preview</source>
      <translation>预览(&amp;P)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="133" />
      <source>&amp;Edit glyph…</source>
      <translation>编辑字形(&amp;E)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="134" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="135" />
      <source>&amp;User guide</source>
      <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="137" />
      <source>Open &amp;log folder</source>
      <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="138" />
      <source>&amp;About zi2zi Studio</source>
      <translation>关于 zi2zi Studio(&amp;A)</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="145" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="171" />
      <source>Training…</source>
      <translation>训练中…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="171" />
      <source>Training paused</source>
      <translation>训练已暂停</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="172" />
      <source>Stopping training…</source>
      <translation>正在停止训练…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="184" />
      <source>Open a project folder</source>
      <translation>打开项目文件夹</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="196" />
      <source>Cannot open the project</source>
      <translation>无法打开项目</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="214" />
      <source>Cannot open the demo</source>
      <translation>无法打开示例</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="231" />
      <source>Opened {path}</source>
      <translation>已打开 {path}</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="303" />
      <source>About zi2zi Studio</source>
      <translation>关于 zi2zi Studio</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="304" />
      <source>zi2zi Studio: train a zi2zi GAN on a style and export a complete font.
Log file: {path}</source>
      <translation>zi2zi Studio：用 zi2zi GAN 学习一种风格并导出完整字体。
日志文件：{path}</translation>
    </message>
    <message>
      <source>zi2zi Studio: train a spectrally normalised zi2zi GAN on a style and export a complete font.
Log file: {path}</source>
      <translation type="vanished">zi2zi Studio：用谱归一化的 zi2zi GAN 学习一种风格并导出完整字体。
日志文件：{path}</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="336" />
      <source>Saving a checkpoint before closing…</source>
      <translation>关闭前正在保存检查点…</translation>
    </message>
  </context>
  <context>
    <name>NewProjectDialog</name>
    <message>
      <location filename="../start_screen.py" line="211" />
      <source>New project</source>
      <translation>新建项目</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="213" />
      <source>My font</source>
      <translation>我的字体</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="215" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="223" />
      <source>Add another target font</source>
      <translation>再添加一个目标字体</translation>
    </message>
    <message>
      <source>A charset name, a path to a text file, or the characters themselves</source>
      <translation>字符集名称、文本文件路径或字符本身</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="229" />
      <source>The characters the finished font should have: a charset name, a path to a text file, or the characters themselves</source>
      <translation>完成的字体应包含的字符：字符集名称、文本文件路径或字符本身</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="240" />
      <source>How finely the model draws each glyph. Larger is sharper and trains several times slower.</source>
      <translation>模型绘制每个字形的精细程度。越大越清晰，训练也慢好几倍。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="242" />
      <source>Start from the bundled model (it already writes Chinese characters)</source>
      <translation>从自带模型开始（它已经会写汉字）</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="246" />
      <source>Learning your style from a model that already writes characters takes minutes instead of hours. Only at {size} px.</source>
      <translation>从已会写字的模型学习你的风格只需几分钟而不是几小时。仅限 {size} 像素。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="260" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="261" />
      <source>Folder</source>
      <translation>文件夹</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="262" />
      <source>Source font</source>
      <translation>源字体</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="263" />
      <source>Target fonts (styles)</source>
      <translation>目标字体（风格）</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="265" />
      <source>Characters</source>
      <translation>字符集</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="267" />
      <source>Image size</source>
      <translation>图像尺寸</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="269" />
      <source>Training time</source>
      <translation>训练时间</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="271" />
      <source>Create</source>
      <translation>创建</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="301" />
      <source>{n} characters. Choose the fonts to see how many both have.</source>
      <translation>{n} 个字符。选择字体后可看到两者共有多少。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="308" />
      <source>The fonts share {shared} of these {total} characters: the model learns the style from them.</source>
      <translation>两个字体共有这 {total} 个字符中的 {shared} 个：模型从这些字学习风格。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="311" />
      <source>It writes the other {rest} after training.</source>
      <translation>训练后它会写出其余 {rest} 个。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="313" />
      <source>{n} are missing from the source font and cannot be made.</source>
      <translation>{n} 个字源字体中没有，无法生成。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="315" />
      <source>Fewer than {n} shared characters: the style will be learned poorly.</source>
      <translation>共有字符少于 {n} 个：风格会学得不好。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="324" />
      <source>Where projects are kept</source>
      <translation>项目存放位置</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="341" />
      <source>add at least one target font</source>
      <translation>请至少添加一个目标字体</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="350" />
      <source>Cannot create the project</source>
      <translation>无法创建项目</translation>
    </message>
    <message>
      <source>starting from the bundled model, </source>
      <translation>从自带模型开始，</translation>
    </message>
    <message>
      <source>About 15 minutes for a first useful model ({start}about {steps} steps: this computer took {per:.1f} s a step at {size} px). Pick the time on the Train tab.</source>
      <translation>约 15 分钟得到第一个可用模型（{start}约 {steps} 步：本机在 {size} 像素时每步 {per:.1f} 秒）。在“训练”页选择时长。</translation>
    </message>
    <message>
      <source>About 15 minutes for a first useful model ({start}the Train tab measures this computer's speed and turns the time you pick into steps).</source>
      <translation>约 15 分钟得到第一个可用模型（{start}“训练”页会测量本机速度，把你选的时长换算成步数）。</translation>
    </message>
  </context>
  <context>
    <name>PreviewPanel</name>
    <message>
      <location filename="../preview.py" line="140" />
      <source>Type text to preview it in the generated style</source>
      <translation>输入文字，以生成的风格预览</translation>
    </message>
    <message>
      <location filename="../preview.py" line="157" />
      <source>Text</source>
      <translation>文字</translation>
    </message>
    <message>
      <location filename="../preview.py" line="159" />
      <source>Style</source>
      <translation>风格</translation>
    </message>
    <message>
      <location filename="../preview.py" line="161" />
      <source>Size</source>
      <translation>字号</translation>
    </message>
    <message>
      <location filename="../preview.py" line="175" />
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <location filename="../preview.py" line="175" />
      <source>Generated</source>
      <translation>生成</translation>
    </message>
    <message>
      <location filename="../preview.py" line="175" />
      <source>Not generated</source>
      <translation>未生成</translation>
    </message>
    <message>
      <location filename="../preview.py" line="175" />
      <source>Doubtful first</source>
      <translation>可疑的优先</translation>
    </message>
    <message>
      <location filename="../preview.py" line="176" />
      <source>Accepted</source>
      <translation>已接受</translation>
    </message>
    <message>
      <location filename="../preview.py" line="176" />
      <source>Rejected</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <location filename="../preview.py" line="176" />
      <source>Not reviewed</source>
      <translation>未审阅</translation>
    </message>
    <message>
      <location filename="../preview.py" line="176" />
      <source>Edited by you</source>
      <translation>你编辑过的</translation>
    </message>
    <message>
      <location filename="../preview.py" line="181" />
      <source>Glyphs that may not read as their character, least readable first. Fix or regenerate these before you export.</source>
      <translation>可能认不出是哪个字的字形，最难认的排在前面。导出前请修改或重新生成它们。</translation>
    </message>
    <message>
      <location filename="../preview.py" line="186" />
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <location filename="../preview.py" line="192" />
      <source>Accept</source>
      <translation>接受</translation>
    </message>
    <message>
      <location filename="../preview.py" line="192" />
      <source>Accept the selected glyphs (A)</source>
      <translation>接受所选字形（A）</translation>
    </message>
    <message>
      <location filename="../preview.py" line="193" />
      <source>Reject</source>
      <translation>拒绝</translation>
    </message>
    <message>
      <location filename="../preview.py" line="193" />
      <source>Reject the selected glyphs (R)</source>
      <translation>拒绝所选字形（R）</translation>
    </message>
    <message>
      <location filename="../preview.py" line="194" />
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <location filename="../preview.py" line="194" />
      <source>Open the selected glyph in the glyph editor (E)</source>
      <translation>在字形编辑器中打开所选字形（E）</translation>
    </message>
    <message>
      <location filename="../preview.py" line="196" />
      <source>Regenerate selection</source>
      <translation>重新生成所选</translation>
    </message>
    <message>
      <location filename="../preview.py" line="196" />
      <source>Generate the selected glyphs again (Ctrl+R)</source>
      <translation>重新生成所选字形（Ctrl+R）</translation>
    </message>
    <message>
      <location filename="../preview.py" line="198" />
      <source>Generate all</source>
      <translation>全部生成</translation>
    </message>
    <message>
      <location filename="../preview.py" line="198" />
      <source>Generate every glyph of the charset (Ctrl+G)</source>
      <translation>生成字符集中的所有字形（Ctrl+G）</translation>
    </message>
    <message>
      <location filename="../preview.py" line="302" />
      <source>Not in the source font: {chars}</source>
      <translation>源字体中没有：{chars}</translation>
    </message>
    <message>
      <location filename="../preview.py" line="310" />
      <source>Generating {n} characters…</source>
      <translation>正在生成 {n} 个字符…</translation>
    </message>
    <message>
      <location filename="../preview.py" line="312" />
      <source>Generating preview</source>
      <translation>生成预览</translation>
    </message>
    <message>
      <location filename="../preview.py" line="354" />
      <source>{n} glyphs</source>
      <translation>{n} 个字形</translation>
    </message>
    <message>
      <location filename="../preview.py" line="378" />
      <source>accepted</source>
      <translation>已接受</translation>
    </message>
    <message>
      <location filename="../preview.py" line="378" />
      <source>rejected</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <location filename="../preview.py" line="379" />
      <source>{n} glyphs marked {status}</source>
      <translation>已将 {n} 个字形标记为 {status}</translation>
    </message>
    <message>
      <location filename="../preview.py" line="378" />
      <source>not reviewed</source>
      <translation>未审阅</translation>
    </message>
    <message>
      <location filename="../preview.py" line="400" />
      <source>Generation running</source>
      <translation>正在生成</translation>
    </message>
    <message>
      <location filename="../preview.py" line="401" />
      <source>Glyphs are being generated; wait for that to finish.</source>
      <translation>正在生成字形，请等待完成。</translation>
    </message>
    <message>
      <location filename="../preview.py" line="416" />
      <source>Generating glyphs</source>
      <translation>生成字形</translation>
    </message>
    <message>
      <location filename="../preview.py" line="419" />
      <source>Generation failed</source>
      <translation>生成失败</translation>
    </message>
    <message>
      <location filename="../preview.py" line="439" />
      <source>Generating the glyphs of the bundled model…</source>
      <translation>正在用自带模型生成字形…</translation>
    </message>
    <message>
      <location filename="../preview.py" line="449" />
      <source>Edited glyphs</source>
      <translation>已编辑的字形</translation>
    </message>
    <message>
      <location filename="../preview.py" line="450" />
      <source>{n} of these glyphs were edited by you. Regenerating them would replace your edits.</source>
      <translation>其中 {n} 个字形由你编辑过。重新生成会替换你的编辑。</translation>
    </message>
    <message>
      <location filename="../preview.py" line="452" />
      <source>Keep my edits</source>
      <translation>保留我的编辑</translation>
    </message>
    <message>
      <location filename="../preview.py" line="453" />
      <source>Replace my edits</source>
      <translation>替换我的编辑</translation>
    </message>
    <message>
      <location filename="../preview.py" line="489" />
      <source>Generating… {done} / {total}</source>
      <translation>正在生成… {done} / {total}</translation>
    </message>
    <message>
      <location filename="../preview.py" line="494" />
      <source>Generated {n} glyphs</source>
      <translation>已生成 {n} 个字形</translation>
    </message>
  </context>
  <context>
    <name>QualityPanel</name>
    <message>
      <location filename="../quality_panel.py" line="61" />
      <source>Evaluate</source>
      <translation>评估</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="63" />
      <source>Judge the model on characters it never trained on: are they readable, and is the style recognisable?</source>
      <translation>用模型从未训练过的字来评判：能认出是什么字吗？风格能认出来吗？</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="77" />
      <source>All figures</source>
      <translation>全部数值</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="79" />
      <source>Every figure, beside copying the source (the floor) and the target moved one pixel (a ceiling for pixel figures)</source>
      <translation>全部数值，并列出直接照搬源字体（下限）和目标字形平移一像素（像素指标的上限）</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="124" />
      <source>The last evaluation file cannot be read; evaluate the model again.</source>
      <translation>无法读取上次的评估文件，请重新评估模型。</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="137" />
      <source>Evaluating the model</source>
      <translation>正在评估模型</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="143" />
      <source>starting…</source>
      <translation>正在开始…</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="145" />
      <source>Evaluating on characters the model never saw…</source>
      <translation>正在用模型没见过的字评估…</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="165" />
      <source>The evaluation did not finish.</source>
      <translation>评估没有完成。</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="179" />
      <source>Not evaluated yet.</source>
      <translation>尚未评估。</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="180" />
      <source>After some training, click Evaluate: the model writes characters it never trained on, and two judges say whether they are readable and in the right style.</source>
      <translation>训练一段时间后点击“评估”：模型会写出从未训练过的字，两个评判器会说明它们是否可读、风格是否对。</translation>
    </message>
    <message>
      <location filename="../quality_panel.py" line="189" />
      <source>{count} unseen characters at {size} px. </source>
      <translation>{count} 个没见过的字，{size} 像素。</translation>
    </message>
    <message>
      <source>No evaluation yet. After training, evaluate the model (zi2zi eval) to see held-out quality here.</source>
      <translation>尚未评估。训练后评估模型（zi2zi eval），即可在此查看保留集质量。</translation>
    </message>
    <message>
      <source>Held-out characters: {count} glyphs at {size} px. Copying the source is the floor; the target shifted by one pixel is a ceiling for pixel figures. Content and style: share of glyphs the project's own classifiers recognise.</source>
      <translation>保留集字符：{count} 个字形，{size} 像素。直接复制源字体是下限；目标字形平移一个像素是像素指标的上限。内容与风格：项目自带分类器能识别的字形比例。</translation>
    </message>
  </context>
  <context>
    <name>ReviewDelegate</name>
    <message>
      <location filename="../handwriting/review_grid.py" line="176" />
      <source>unusable</source>
      <translation>不可用</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="176" />
      <source>used</source>
      <translation>已采用</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="177" />
      <source>spare</source>
      <translation>备用</translation>
    </message>
  </context>
  <context>
    <name>ReviewGrid</name>
    <message>
      <location filename="../handwriting/review_grid.py" line="215" />
      <source>All samples</source>
      <translation>全部样本</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="215" />
      <source>Problems only</source>
      <translation>仅有问题的</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="215" />
      <source>Unusable</source>
      <translation>不可用</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="216" />
      <source>Characters with several samples</source>
      <translation>有多个样本的字符</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="221" />
      <source>Problem glyphs come first. Right-click a glyph, or use the keys: Del unusable / usable, Space use this sample, F2 another character, C crop again, E erase specks, A add a sample, Enter or double-click edit the glyph.</source>
      <translation>有问题的字形排在最前。右键单击字形，或使用按键：Del 不可用 / 可用，Space 采用此样本，F2 改为其他字符，C 重新裁剪，E 擦除杂点，A 添加样本，Enter 或双击编辑字形。</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="227" />
      <location filename="../handwriting/review_grid.py" line="262" />
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="229" />
      <location filename="../handwriting/review_grid.py" line="263" />
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="252" />
      <source>Unusable / usable</source>
      <translation>不可用 / 可用</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="253" />
      <source>Use this sample</source>
      <translation>采用此样本</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="254" />
      <source>Another character…</source>
      <translation>改为其他字符…</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="255" />
      <source>Crop again…</source>
      <translation>重新裁剪…</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="256" />
      <source>Erase specks…</source>
      <translation>擦除杂点…</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="257" />
      <source>Add another sample…</source>
      <translation>再添加一个样本…</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="260" />
      <source>Edit the glyph…</source>
      <translation>编辑字形…</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="293" />
      <source>Cannot change the glyph</source>
      <translation>无法修改字形</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="346" />
      <source>Cannot add the sample</source>
      <translation>无法添加样本</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="347" />
      <source>{path} is not an image that can be read.

Use a PNG or JPEG picture of the character.</source>
      <translation>{path} 不是可读取的图像。

请使用该字符的 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="364" />
      <source>This sample of “{char}” is not used in the font yet.

Press Space to use it, then edit it.</source>
      <translation>“{char}”的这个样本尚未用于字体。

按空格键使用它，然后再编辑。</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="366" />
      <source>Cannot edit this sample</source>
      <translation>无法编辑此样本</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="362" />
      <source>The font uses another sample of “{char}”, and only that one is edited.

Press Space to use this sample first, then edit it.</source>
      <translation>字体采用的是“{char}”的另一个样本，只有该样本可以编辑。

请先按 Space 采用此样本，再进行编辑。</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="391" />
      <source>Undo {what} (Ctrl+Z)</source>
      <translation>撤销{what}（Ctrl+Z）</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="392" />
      <source>Redo {what}</source>
      <translation>重做{what}</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="399" />
      <source>{n} samples of {c} characters · {p} to check · {u} unusable · {k} characters used</source>
      <translation>{c} 个字符的 {n} 个样本 · {p} 个待检查 · {u} 个不可用 · 已采用 {k} 个字符</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="418" />
      <source>Another character</source>
      <translation>改为其他字符</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="419" />
      <source>Which character is this glyph?</source>
      <translation>这个字形是哪个字符？</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="423" />
      <source>Erase specks</source>
      <translation>擦除杂点</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="424" />
      <source>Erase ink spots smaller than (pixels):</source>
      <translation>擦除小于此尺寸的墨点（像素）：</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="428" />
      <source>A picture of {char}</source>
      <translation>{char} 的图片</translation>
    </message>
  </context>
  <context>
    <name>ReviewModel</name>
    <message>
      <location filename="../handwriting/review_grid.py" line="93" />
      <source>page {page}, box {box}</source>
      <translation>第 {page} 页，第 {box} 格</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="93" />
      <source>added</source>
      <translation>手动添加</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="94" />
      <source>no problems found</source>
      <translation>未发现问题</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="95" />
      <source>used</source>
      <translation>已采用</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="95" />
      <source>unusable</source>
      <translation>不可用</translation>
    </message>
    <message>
      <location filename="../handwriting/review_grid.py" line="95" />
      <source>spare sample</source>
      <translation>备用样本</translation>
    </message>
  </context>
  <context>
    <name>RunLength</name>
    <message>
      <location filename="../run_length.py" line="54" />
      <location filename="../run_length.py" line="103" />
      <source>{n} minutes</source>
      <translation>{n} 分钟</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="55" />
      <source>{n} h</source>
      <translation>{n} 小时</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="57" />
      <source>The steps set below</source>
      <translation>按下方设定的步数</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="59" />
      <source>How long to train. A time is turned into steps by measuring this computer's speed on this project's model.</source>
      <translation>训练多久。时间会根据本机在此项目模型上的实测速度换算成步数。</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="62" />
      <source>Open a project to see how long training takes.</source>
      <translation>打开项目后可看到训练需要多久。</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="72" />
      <source>Train for</source>
      <translation>训练时长</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="137" />
      <location filename="../run_length.py" line="174" />
      <source>Measuring this computer's speed on this project's model…</source>
      <translation>正在测量本机在此项目模型上的速度…</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="139" />
      <source>Measuring speed</source>
      <translation>正在测速</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="159" />
      <source>The speed could not be measured: {reason}</source>
      <translation>无法测量速度：{reason}</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="181" />
      <source>Training has reached step {steps}; raise the steps or pick a time to continue.</source>
      <translation>训练已到第 {steps} 步；请增加步数或选择时长以继续。</translation>
    </message>
    <message>
      <location filename="../run_length.py" line="184" />
      <source>{time} on this computer for {todo} steps (to step {steps}); measured {per:.2f} s a step on {where}.</source>
      <translation>在本机上训练 {todo} 步（到第 {steps} 步）需 {time}；实测 {where} 每步 {per:.2f} 秒。</translation>
    </message>
  </context>
  <context>
    <name>SampleGallery</name>
    <message>
      <location filename="../sample_view.py" line="56" />
      <source>Samples</source>
      <translation>样例</translation>
    </message>
    <message>
      <location filename="../sample_view.py" line="58" />
      <source>Columns: source · generated · target. Samples appear while training runs.</source>
      <translation>列：源字体 · 生成 · 目标。训练时会显示样例。</translation>
    </message>
    <message>
      <location filename="../sample_view.py" line="125" />
      <source>step {step} (latest)</source>
      <translation>第 {step} 步（最新）</translation>
    </message>
    <message>
      <location filename="../sample_view.py" line="126" />
      <source>step {step}</source>
      <translation>第 {step} 步</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../main_window.py" line="42" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="46" />
      <source>System default</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="49" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="50" />
      <source>The new language applies at once.</source>
      <translation>新语言立即生效。</translation>
    </message>
    <message>
      <source>A new language takes effect the next time zi2zi Studio starts.</source>
      <translation>新语言将在下次启动 zi2zi Studio 时生效。</translation>
    </message>
  </context>
  <context>
    <name>SetupPage</name>
    <message>
      <location filename="../handwriting/pages.py" line="56" />
      <source>My handwriting</source>
      <translation>我的手写</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="62" />
      <source>Chinese characters (hanzi)</source>
      <translation>汉字</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="63" />
      <source>Latin letters, digits and punctuation</source>
      <translation>拉丁字母、数字和标点</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="68" />
      <source> characters</source>
      <translation> 个字</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="69" />
      <source>How many characters you will write; 120 fit on a page</source>
      <translation>你要书写的字数；每页可写 120 个</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="78" />
      <source>The bundled base model (fine-tune it: fast)</source>
      <translation>自带的基础模型（微调：快）</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="79" />
      <source>No model: train from scratch (hours on a CPU)</source>
      <translation>不用模型：从零开始训练（在 CPU 上需数小时）</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="86" />
      <source>Bundled WenQuanYi Micro Hei (demo characters only)</source>
      <translation>自带的文泉驿微米黑（仅含示例字符）</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="89" />
      <source>Which characters the font gets: a charset name, a text file, or the characters themselves. Empty: the bundled demo characters</source>
      <translation>字体包含哪些字符：字符集名称、文本文件或字符本身。留空：使用自带的示例字符</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="93" />
      <source>The bundled demo characters</source>
      <translation>自带的示例字符</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="95" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="96" />
      <source>Folder for projects</source>
      <translation>项目文件夹</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="97" />
      <source>Script</source>
      <translation>文字</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="98" />
      <source>Characters to write</source>
      <translation>书写字数</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="99" />
      <source>Start from</source>
      <translation>起点模型</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="100" />
      <source>Glyph size</source>
      <translation>字形尺寸</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="102" />
      <source>Source font (optional)</source>
      <translation>源字体（可选）</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="103" />
      <source>Characters of the font</source>
      <translation>字体字符</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="104" />
      <source>Start a new handwriting font</source>
      <translation>新建手写字体</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="109" />
      <source>Open another folder…</source>
      <translation>打开其他文件夹…</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="111" />
      <source>Or continue where you stopped</source>
      <translation>或从上次停下的地方继续</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="119" />
      <source>1 · Script and size</source>
      <translation>1 · 文字与尺寸</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="120" />
      <source>You print a template, write one character in each box, scan or photograph the pages, check the glyphs, and zi2zi Studio learns your hand to draw the characters you did not write. Every step is saved: leave at any time and continue later.</source>
      <translation>打印模板，在每个格子里写一个字，扫描或拍下这些页面，检查字形，zi2zi Studio 便会学习你的手写风格，画出你没写的字。每一步都会保存：可随时离开，稍后继续。</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="143" />
      <source>{px} px: the size the bundled base model was trained at; written glyphs are kept at full resolution for the font</source>
      <translation>{px} 像素：自带基础模型的训练尺寸；手写字形以完整分辨率放入字体</translation>
    </message>
    <message>
      <source>{px} px: the size the bundled base model was trained at</source>
      <translation>{px} 像素：自带基础模型训练时使用的尺寸</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="146" />
      <source>Larger glyphs are finer but train about four times slower per step</source>
      <translation>字形越大越精细，但每步训练约慢四倍</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="165" />
      <source>No handwriting projects yet. Projects you start here are listed, with the step you stopped at.</source>
      <translation>还没有手写项目。在这里新建的项目会列出，并显示你停在哪一步。</translation>
    </message>
  </context>
  <context>
    <name>StartScreen</name>
    <message>
      <location filename="../start_screen.py" line="86" />
      <source>Turn a few hundred characters of a style into a complete font.</source>
      <translation>用几百个字的风格，生成一套完整的字体。</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="90" />
      <source>New project…</source>
      <translation>新建项目…</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="90" />
      <source>Source font, target style, charset (Ctrl+N)</source>
      <translation>源字体、目标风格、字符集（Ctrl+N）</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="92" />
      <source>Open project…</source>
      <translation>打开项目…</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="92" />
      <source>A project folder (Ctrl+O)</source>
      <translation>项目文件夹（Ctrl+O）</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="93" />
      <source>Open the demo</source>
      <translation>打开示例</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="93" />
      <source>A small bundled project to try everything</source>
      <translation>自带的小项目，可体验全部功能</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="95" />
      <source>Train on my handwriting…</source>
      <translation>用我的手写训练…</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="96" />
      <source>Print a template, write on it, scan it: a font in your hand (Ctrl+Shift+H)</source>
      <translation>打印模板、书写、扫描：得到你手写的字体（Ctrl+Shift+H）</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="111" />
      <source>Recent projects</source>
      <translation>最近的项目</translation>
    </message>
    <message>
      <location filename="../start_screen.py" line="138" />
      <source>No recent projects yet. Open the demo to look around.</source>
      <translation>还没有最近的项目。打开示例看看吧。</translation>
    </message>
  </context>
  <context>
    <name>TemplatePage</name>
    <message>
      <location filename="../handwriting/pages.py" line="202" />
      <source>Page </source>
      <translation>第 </translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="207" />
      <source>Open the PDF to print</source>
      <translation>打开 PDF 以打印</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="209" />
      <source>Open the template folder</source>
      <translation>打开模板文件夹</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="214" />
      <source>Print at 100 % (no “fit to page”). Write one character in each box with a dark pen, inside the border; the small grey character shows which. Keep the corner squares and the code at the top clean.</source>
      <translation>按 100% 打印（不要“适合页面”）。用深色笔在每个格子的边框内写一个字；格中灰色小字提示写哪个字。请保持四角方块和顶部编码干净。</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="227" />
      <source>2 · Print the template</source>
      <translation>2 · 打印模板</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="232" />
      <source>{n} characters on {p} page(s), {paper}. Files: {folder}</source>
      <translation>{n} 个字符，共 {p} 页，{paper}。文件：{folder}</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="234" />
      <source>Chosen so every common part of characters is written a few times: {summary}.</source>
      <translation>所选的字让每个常见部件都写上几次：{summary}。</translation>
    </message>
    <message>
      <location filename="../handwriting/pages.py" line="240" />
      <source> of {n}</source>
      <translation> 页，共 {n} 页</translation>
    </message>
  </context>
  <context>
    <name>TextStrip</name>
    <message>
      <location filename="../preview.py" line="104" />
      <source>Source</source>
      <translation>源字体</translation>
    </message>
    <message>
      <location filename="../preview.py" line="105" />
      <source>Generated</source>
      <translation>生成</translation>
    </message>
  </context>
  <context>
    <name>TrainPanel</name>
    <message>
      <location filename="../train_panel.py" line="87" />
      <source>Start training</source>
      <translation>开始训练</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="88" />
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="89" />
      <source>Resume</source>
      <translation>继续</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="90" />
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="97" />
      <source>Start, or continue from the latest checkpoint (F5)</source>
      <translation>开始，或从最新检查点继续（F5）</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="98" />
      <source>Pause after the current step (F6)</source>
      <translation>在当前步骤后暂停（F6）</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="99" />
      <source>Resume (F6)</source>
      <translation>继续（F6）</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="100" />
      <source>Stop and save a checkpoint (Shift+F5)</source>
      <translation>停止并保存检查点（Shift+F5）</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="108" />
      <location filename="../train_panel.py" line="185" />
      <source>not started</source>
      <translation>未开始</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="109" />
      <source>Ready.</source>
      <translation>就绪。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="128" />
      <source>Training settings</source>
      <translation>训练设置</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="187" />
      <source>Ready. Training continues from the latest checkpoint when there is one.</source>
      <translation>就绪。如有检查点，训练将从最新检查点继续。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="219" />
      <location filename="../train_panel.py" line="224" />
      <source>Cannot start training</source>
      <translation>无法开始训练</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="230" />
      <source>Measuring this computer's speed; training starts right after…</source>
      <translation>正在测量本机速度；测完立即开始训练…</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="258" />
      <source>Training</source>
      <translation>训练</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="269" />
      <source>starting: step {step} of {total}</source>
      <translation>正在开始：第 {step} 步，共 {total} 步</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="271" />
      <source>Preparing data and model…</source>
      <translation>正在准备数据和模型…</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="297" />
      <source>Paused.</source>
      <translation>已暂停。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="308" />
      <source>Stopping: saving a checkpoint…</source>
      <translation>正在停止：保存检查点…</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="340" />
      <source>Device: {device}</source>
      <translation>设备：{device}</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="376" />
      <source>{left} left · {ips:.1f} glyph images a second</source>
      <translation>剩余 {left} · 每秒 {ips:.1f} 张字形图</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="392" />
      <source> (best held-out score so far)</source>
      <translation>（目前保留集最佳）</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="403" />
      <source>Training finished at step {step}.</source>
      <translation>训练在第 {step} 步完成。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="404" />
      <source>Stopped at step {step}; the model is saved at step {saved}.</source>
      <translation>已在第 {step} 步停止；模型已保存在第 {saved} 步。</translation>
    </message>
    <message>
      <source>Stopped at step {step}; the model is saved at step {step}.</source>
      <translation type="vanished">已在第 {step} 步停止；模型已保存在第 {step} 步。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="405" />
      <source>Training stopped early at step {step}: the held-out error stopped improving; the best model is kept.</source>
      <translation>训练在第 {step} 步提前停止：保留集误差不再下降；已保留最佳模型。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="407" />
      <source>Training finished at step {step} of the {total} planned: the time budget was spent (this computer ran slower than measured).</source>
      <translation>训练在第 {step} 步结束（计划 {total} 步）：时间预算已用完（这台电脑比测得的更慢）。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="412" />
      <source>Took {took}</source>
      <translation>用时 {took}</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="414" />
      <source> (estimated {estimate}).</source>
      <translation>（预计 {estimate}）。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="209" />
      <location filename="../train_panel.py" line="373" />
      <location filename="../train_panel.py" line="388" />
      <location filename="../train_panel.py" line="420" />
      <source>step {step} / {total}</source>
      <translation>第 {step} / {total} 步</translation>
    </message>
    <message>
      <source>{ips:.1f} images/s · {left} left · G loss {g:.3f} · D loss {d:.3f}</source>
      <translation>{ips:.1f} 张/秒 · 剩余 {left} · G 损失 {g:.3f} · D 损失 {d:.3f}</translation>
    </message>
    <message>
      <source> (best so far)</source>
      <translation>（目前最佳）</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="393" />
      <source>Checkpoint saved at step {step}{best}.</source>
      <translation>已在第 {step} 步保存检查点{best}。</translation>
    </message>
    <message>
      <source>Training finished.</source>
      <translation>训练完成。</translation>
    </message>
    <message>
      <source>Training stopped; checkpoint saved.</source>
      <translation>训练已停止，检查点已保存。</translation>
    </message>
    <message>
      <source>Training stopped early: held-out error stopped improving.</source>
      <translation>训练提前停止：保留集误差不再下降。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="424" />
      <source>Training failed.</source>
      <translation>训练失败。</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="425" />
      <source>Training failed</source>
      <translation>训练失败</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="440" />
      <source>Training is running</source>
      <translation>训练进行中</translation>
    </message>
    <message>
      <location filename="../train_panel.py" line="441" />
      <source>Stop training? A checkpoint is saved and training resumes from it next time.</source>
      <translation>停止训练？将保存检查点，下次从该处继续训练。</translation>
    </message>
  </context>
  <context>
    <name>Verdict</name>
    <message>
      <source>No figures for the model: evaluate it again.</source>
      <translation>没有模型的评估数据：请重新评估。</translation>
    </message>
    <message>
      <source>About {readable} in 10 unseen characters are readable; the style is recognised in {style} of 10.</source>
      <translation>未见过的字约有 {readable}/10 能认出；风格在 {style}/10 中被认出。</translation>
    </message>
    <message>
      <source>About {readable} in 10 unseen characters are readable; the style is recognised in {style} of 10 (the judges give the real target font {real_content} and {real_style} of 10).</source>
      <translation>未见过的字约有 {readable}/10 能认出；风格在 {style}/10 中被认出（评审对真正的目标字体给出 {real_content}/10 和 {real_style}/10）。</translation>
    </message>
    <message>
      <source>The style is not learned yet: copying the source font scores as well; train longer.</source>
      <translation>风格还没学会：直接照搬源字体也一样得分；请再训练久一些。</translation>
    </message>
    <message>
      <source>higher is better</source>
      <translation>越高越好</translation>
    </message>
    <message>
      <source>lower is better</source>
      <translation>越低越好</translation>
    </message>
    <message>
      <source>{name}: {value} ({direction})</source>
      <translation>{name}：{value}（{direction}）</translation>
    </message>
    <message>
      <source>{name}: {value} ({direction}; copying the source: {floor})</source>
      <translation>{name}：{value}（{direction}；照搬源字体：{floor}）</translation>
    </message>
    <message>
      <source>readable (content judge)</source>
      <translation>可读（内容评审）</translation>
    </message>
    <message>
      <source>style recognised (style judge)</source>
      <translation>风格被认出（风格评审）</translation>
    </message>
    <message>
      <source>pixel difference L1</source>
      <translation>像素差 L1</translation>
    </message>
    <message>
      <source>structural similarity SSIM</source>
      <translation>结构相似度 SSIM</translation>
    </message>
    <message>
      <source>ink overlap IoU</source>
      <translation>墨迹重合 IoU</translation>
    </message>
    <message>
      <source>outline distance (Chamfer)</source>
      <translation>轮廓距离（Chamfer）</translation>
    </message>
    <message>
      <source>worst outline distance (HD95)</source>
      <translation>最差轮廓距离（HD95）</translation>
    </message>
    <message>
      <source>pixel difference RMSE</source>
      <translation>像素差 RMSE</translation>
    </message>
    <message>
      <source>feature distance (FD)</source>
      <translation>特征距离（FD）</translation>
    </message>
  </context>
  <context>
    <name>_Pane</name>
    <message>
      <location filename="../glyph_detail.py" line="61" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
  </context>
  <context>
    <name>main</name>
    <message>
      <location filename="../main.py" line="73" />
      <source>Opening the demo…</source>
      <translation>正在打开示例…</translation>
    </message>
    <message>
      <location filename="../main.py" line="76" />
      <source>Opening the project…</source>
      <translation>正在打开项目…</translation>
    </message>
    <message>
      <location filename="../main.py" line="104" />
      <source>Loading zi2zi Studio…</source>
      <translation>正在加载 zi2zi Studio…</translation>
    </message>
  </context>
  <context>
    <name>parent</name>
    <message>
      <location filename="../handwriting/wizard.py" line="53" />
      <source>Scanned or photographed pages</source>
      <translation>扫描或拍摄的书写页</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="57" />
      <source>A handwriting project folder</source>
      <translation>手写项目文件夹</translation>
    </message>
    <message>
      <location filename="../handwriting/wizard.py" line="60" />
      <source>A trained model to start from</source>
      <translation>作为起点的已训练模型</translation>
    </message>
  </context>
</TS>