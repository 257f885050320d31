package seczetta

import vld "github.com/go-playground/validator/v10"

type validationErrors = vld.ValidationErrors

// validator runs go-playground/validator over c's struct tags. A validator
// is built per call: configuration is checked once per client, and this
// keeps the package free of shared mutable state.
func validator(c Config) error {
	return vld.New(vld.WithRequiredStructEnabled()).Struct(c)
}
