"""Hand-written optimal NumPy for bench cases (issue 9): the cheapest plan of the same formula
that a careful person would write, with the same numerics as the generated code (stable
sigmoid and log-sum-exp, solves instead of inverses, one factorisation per matrix). One function
per case, named after the case id ('-' as '_'); arguments by the program's names."""
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0, -z))


def add_diag(M, c):
    M = M.copy()
    M[np.diag_indices_from(M)] += c
    return M


# ---- examples ----
def seed_q1(W, x):
    t = W @ x
    r = W.T @ t - x
    return np.outer(W @ r, x) + np.outer(t, r)


def seed_q2(x, y, alpha, beta, D):
    K = add_diag(np.outer(alpha * x, x), 1 / beta)
    S = np.linalg.solve(K, np.column_stack((y, x)))
    a, b = S[:, 0], S[:, 1]
    return alpha * ((y @ b) * a - D * b)


def least_squares_grad(A, x, b):
    return 2 * (A.T @ (A @ x - b))


def least_squares_hessian(A):
    return 2 * (A.T @ A)


def ridge(X, w, y, gamma):
    return 2 * (gamma * w + X.T @ (X @ w - y))


def logistic_grad(X, w, y):
    return X.T @ (sigmoid(X @ w) - y)


def logistic_hessian(X, w):
    s = sigmoid(X @ w)
    return X.T @ (((1 - s) * s)[:, None] * X)


def gaussian_mu(x, mu, S):
    return np.linalg.solve(S, x - mu)


def gaussian_S(x, mu, S):
    Si = np.linalg.inv(S)
    a = Si @ (x - mu)
    return (np.outer(a, a) - Si) / 2


def gp_s(X, y, s, sigma):
    K = add_diag(s * (X @ X.T), sigma)
    S = np.linalg.solve(K, np.column_stack((y, X)))
    a, B = S[:, 0], S[:, 1:]
    v = X.T @ a
    return (v @ v - np.sum(X * B)) / 2


def gp_X(X, y, s, sigma):
    K = add_diag(s * (X @ X.T), sigma)
    S = np.linalg.solve(K, np.column_stack((y, X)))
    a, B = S[:, 0], S[:, 1:]
    return s * (np.outer(a, a @ X) - B)


# ---- corpus ----
def cb_trXAXT(X, A):
    return X @ (A + A.T)


def cb_trinvXA(X, A):
    return -np.linalg.solve(X.T, np.linalg.solve(X, A).T)


def ml_wls(X, w, y, W):
    return 2 * (X.T @ (W @ (X @ w - y)))


def ml_lsq_matrix(X, W, Y):
    return 2 * (X.T @ (X @ W - Y))


def ml_logreg_xent(X, w, y):
    return X.T @ (sigmoid(X @ w) - y)


def ml_lse(x):
    return np.exp(x - np.logaddexp.reduce(x, axis=None))


def ml_softmax_xent(W, x, y):
    z = W @ x
    return np.outer(np.exp(z - np.logaddexp.reduce(z, axis=None)) - y, x)


def ml_gauss_cov(x, mu, S):
    return gaussian_S(x, mu, S)


def ml_gauss_prec(x, mu, P):
    r = x - mu
    return (np.linalg.inv(P) - np.outer(r, r)) / 2


def ml_gp_K(y, K):
    Ki = np.linalg.inv(K)
    a = Ki @ y
    return (np.outer(a, a) - Ki) / 2


def ml_rayleigh(x, A):
    Ax = A @ x
    q = x @ x
    return 2 * (Ax - (x @ Ax) / q * x) / q


def ml_pca_trace(W, S):
    return 2 * (S @ W)


def ml_mf_U(X, U, V):
    return 2 * ((U @ V.T - X) @ V)


def ml_tanh_layer(W, x, y):
    t = np.tanh(W @ x)
    return np.outer(2 * (t - y) * (1 - t * t), x)


def ml_exp_layer(W, x):
    return np.outer(np.exp(W @ x), x)


def ml_two_layer(W, V, x, c):
    h = np.tanh(W @ x)
    g = np.tanh(V @ h)
    return np.outer((1 - h * h) * (V.T @ ((1 - g * g) * c)), x)


def ml_poisson(X, w, y):
    return X.T @ (np.exp(X @ w) - y)


def ml_cosine(x, y):
    nx, ny = np.linalg.norm(x), np.linalg.norm(y)
    return (y - (x @ y) / nx**2 * x) / (nx * ny)


def jac_tanhWx(W, x):
    t = np.tanh(W @ x)
    return (1 - t * t)[:, None] * W


def jac_expAx(A, x):
    return np.exp(A @ x)[:, None] * A


def hess_logreg(X, w):
    return logistic_hessian(X, w)


def hess_ridge(X, gamma):
    return add_diag(2 * (X.T @ X), 2 * gamma)


def hess_wls(X, W):
    return 2 * (X.T @ (W @ X))


def hess_xAx(A):
    return A + A.T
