// Reference outputs of nsfwjs@4.4.0 (MobileNetV2, the default model) under Node with the pure-JS
// @tensorflow/tfjs CPU backend, for the Java conversion check (NsfwReferenceTest).
//
// Usage: node reference.js [--model MobileNetV2|InceptionV3] OUT.json IMAGE.png...
// Pixels come from pngjs (RGBA, alpha dropped) as an int32 tensor3d [h, w, 3], which is what
// nsfwjs's infer() accepts in place of a browser image; nsfwjs then does its own preprocessing
// (toFloat, /255, resizeBilinear to 224x224 with alignCorners=true). The pooled 1280-d features
// come from nsfwjs's own intermediate-endpoint path: infer(img, NAME) with NAME the model's Flatten
// layer (flatten_1 in MobileNetV2).
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const nsfwjs = require('nsfwjs');
const { PNG } = require('pngjs');

async function main() {
  let args = process.argv.slice(2);
  let modelName = 'MobileNetV2';
  if (args[0] === '--model') {
    modelName = args[1];
    args = args.slice(2);
  }
  const [out, ...images] = args;
  if (!out || images.length === 0) {
    console.error('usage: node reference.js OUT.json IMAGE.png...');
    process.exit(2);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  // InceptionV3 takes 299x299 input (nsfwjs's own registry says so: models/inception_v3.js options.size)
  const model = await nsfwjs.load(modelName, modelName === 'InceptionV3' ? { size: 299 } : undefined);
  const flatten = model.model.layers.find((l) => l.getClassName() === 'Flatten').name;
  const results = [];
  for (const file of images) {
    const png = PNG.sync.read(fs.readFileSync(file));
    const rgb = new Int32Array(png.width * png.height * 3);
    for (let i = 0, j = 0; i < png.data.length; i += 4) {
      rgb[j++] = png.data[i];
      rgb[j++] = png.data[i + 1];
      rgb[j++] = png.data[i + 2];
    }
    const img = tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
    const t0 = Date.now();
    const predictions = await model.classify(img, 5);
    const ms = Date.now() - t0;
    const features = model.infer(img, flatten);
    const featureValues = Array.from(await features.data());
    features.dispose();
    img.dispose();
    const probabilities = {};
    for (const p of predictions) probabilities[p.className.toLowerCase()] = p.probability;
    results.push({ image: path.basename(file), width: png.width, height: png.height,
      top_class: predictions[0].className.toLowerCase(), probabilities, classify_ms: ms,
      features_layer: flatten, features: featureValues });
    console.error(`${path.basename(file)}: ${predictions[0].className} ${predictions[0].probability.toFixed(4)} (${ms} ms)`);
  }
  const doc = {
    generator: 'prism-models/src/test/node/nsfwjs-reference/reference.js',
    nsfwjs: JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('nsfwjs')), '..', '..', 'package.json'), 'utf8')).version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    node: process.version,
    model: modelName,
    preprocessing: `pngjs RGBA -> RGB int32 tensor3d; nsfwjs infer(): toFloat, div 255, resizeBilinear [${model.options.size},${model.options.size}] alignCorners=true`,
    results,
  };
  fs.writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
