// The bench cases of issue 9: a program, which of its queries, and the hand-written optimal
// function for it in optimal.py. Corpus cases are built as program + `f := ...` + query.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const example = (file) => readFileSync(resolve(ROOT, 'examples', file), 'utf8');

const corpus = new Map();
for (const file of ['/work/shared/corpus/public.jsonl', resolve(ROOT, 'test/acceptance/extended.jsonl')]) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  for (const line of text.split('\n').filter(Boolean)) {
    const c = JSON.parse(line);
    if (!corpus.has(c.id)) corpus.set(c.id, `${c.program}\nf := ${c.f}\n${c.query}`);
  }
}

const fromCorpus = (id, optimal) => ({ id, source: corpus.get(id), query: 0, optimal });

export const CASES = [
  { id: 'seed-q1.mc', source: example('seed-q1.mc'), query: 0, optimal: 'seed_q1' },
  { id: 'seed-q2.mc', source: example('seed-q2.mc'), query: 0, optimal: 'seed_q2' },
  { id: 'least-squares.mc grad', source: example('least-squares.mc'), query: 0, optimal: 'least_squares_grad' },
  { id: 'least-squares.mc hessian', source: example('least-squares.mc'), query: 1, optimal: 'least_squares_hessian' },
  { id: 'ridge.mc', source: example('ridge.mc'), query: 0, optimal: 'ridge' },
  { id: 'logistic-regression.mc grad', source: example('logistic-regression.mc'), query: 0, optimal: 'logistic_grad' },
  { id: 'logistic-regression.mc hessian', source: example('logistic-regression.mc'), query: 1, optimal: 'logistic_hessian' },
  { id: 'gaussian-loglik.mc mu', source: example('gaussian-loglik.mc'), query: 0, optimal: 'gaussian_mu' },
  { id: 'gaussian-loglik.mc S', source: example('gaussian-loglik.mc'), query: 1, optimal: 'gaussian_S' },
  { id: 'gp-marginal-likelihood.mc s', source: example('gp-marginal-likelihood.mc'), query: 0, optimal: 'gp_s' },
  { id: 'gp-marginal-likelihood.mc X', source: example('gp-marginal-likelihood.mc'), query: 1, optimal: 'gp_X' },
  fromCorpus('cb-trXAXT', 'cb_trXAXT'),
  fromCorpus('cb-trinvXA', 'cb_trinvXA'),
  fromCorpus('ml-wls', 'ml_wls'),
  fromCorpus('ml-lsq-matrix', 'ml_lsq_matrix'),
  fromCorpus('ml-logreg-xent', 'ml_logreg_xent'),
  fromCorpus('ml-lse', 'ml_lse'),
  fromCorpus('ml-softmax-xent', 'ml_softmax_xent'),
  fromCorpus('ml-gauss-cov', 'ml_gauss_cov'),
  fromCorpus('ml-gauss-prec', 'ml_gauss_prec'),
  fromCorpus('ml-gp-K', 'ml_gp_K'),
  fromCorpus('ml-rayleigh', 'ml_rayleigh'),
  fromCorpus('ml-pca-trace', 'ml_pca_trace'),
  fromCorpus('ml-mf-U', 'ml_mf_U'),
  fromCorpus('ml-tanh-layer', 'ml_tanh_layer'),
  fromCorpus('ml-exp-layer', 'ml_exp_layer'),
  fromCorpus('ml-two-layer', 'ml_two_layer'),
  fromCorpus('ml-poisson', 'ml_poisson'),
  fromCorpus('ml-cosine', 'ml_cosine'),
  fromCorpus('jac-tanhWx', 'jac_tanhWx'),
  fromCorpus('jac-expAx', 'jac_expAx'),
  fromCorpus('hess-logreg', 'hess_logreg'),
  fromCorpus('hess-ridge', 'hess_ridge'),
  fromCorpus('hess-wls', 'hess_wls'),
  fromCorpus('hess-xAx', 'hess_xAx'),
];
